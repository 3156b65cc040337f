/**
 * SMS verification codes: phone rules, the code generator, the senders (Tencent, log), Tencent's
 * error mapping onto the legacy codes of {@code org.captchaws.failure.ErrorCode}, and the SMS
 * service, which applies the per-phone limits of a {@code SendCounter}.
 */
package org.captchaws.sms;
