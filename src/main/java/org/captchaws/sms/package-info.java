/**
 * SMS verification codes: phone rules, client addresses as limit keys, the code generator, the
 * senders (Tencent, log), Tencent's error mapping onto the legacy codes of
 * {@code org.captchaws.failure.ErrorCode}, and the SMS service, which applies the limits of a
 * {@code SendCounter} (per phone, per client address, the budget).
 */
package org.captchaws.sms;
