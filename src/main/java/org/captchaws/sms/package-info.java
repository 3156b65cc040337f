/**
 * SMS verification codes: phone rules, senders, Tencent error mapping.
 */
package org.captchaws.sms;
