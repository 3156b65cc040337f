package org.captchaws.failure;

/**
 * Every integer {@code status} a failure reply can carry, with its message.
 *
 * <p>1xxx codes keep the seed's and Tencent's legacy numbers (the SMS ones are what Tencent's
 * old SMS API answered, which clients still switch on); 2xxx are verification outcomes;
 * 3xxx are limits the service keeps on the end user that Tencent has no code for; 4xxx are
 * protocol errors (the client sent something the service cannot act on); 5xxx are the
 * service's own trouble, the SMS budget included. README publishes this table: change them
 * together.
 */
public enum ErrorCode {
    IMAGE_FILE_FAILED(1000, "验证码文件创建失败"),
    SMS_AUTH_FAILED(1001, "短信服务鉴权失败"),
    SMS_NOT_CONFIGURED(1006, "短信服务未配置"),
    /** The catch-all for a Tencent error with no legacy code: the detail names Tencent's own. */
    SMS_SEND_FAILED(1007, "短信发送失败"),
    SMS_REPLY_UNREADABLE(1007, "短信服务应答无法解析"),
    SMS_REQUEST_FAILED(1007, "短信服务请求失败"),
    SMS_TIMEOUT(1008, "短信服务请求超时"),
    SMS_SIGNATURE_UNAPPROVED(1012, "短信签名未审批或格式错误"),
    SMS_DELIVERY_TOO_FREQUENT(1013, "短信发送频率超过限制"),
    SMS_TEMPLATE_MISMATCH(1014, "短信模板未审批或与模板内容不匹配"),
    PHONE_BLACKLISTED(1015, "手机号在免打扰名单中"),
    INVALID_PHONE(1016, "手机号格式错误"),
    SMS_APP_NOT_FOUND(1019, "短信应用 SdkAppId 不存在"),
    SMS_CLOCK_SKEW(1021, "请求时间与短信服务器时间相差过大"),
    SMS_APP_DAILY_LIMIT(1022, "短信日发送条数超过应用上限"),
    /** The local per-phone limits reuse Tencent's codes for its own: clients already handle them. */
    SMS_TOO_FREQUENT(1023, "同一手机号发送短信过于频繁，请稍后再试"),
    SMS_HOURLY_LIMIT(1024, "同一手机号1小时内发送短信条数超过上限"),
    SMS_DAILY_LIMIT(1025, "同一手机号日发送短信条数超过上限"),
    SMS_SAME_CONTENT_DAILY_LIMIT(1026, "同一手机号相同内容发送条数超过上限"),
    SMS_PACKAGE_EXHAUSTED(1031, "短信套餐包余量不足"),
    SMS_SUSPENDED_FOR_ARREARS(1033, "短信服务因欠费停止"),
    SMS_TEMPLATE_PARAM_TOO_LONG(1036, "短信模板变量长度超过上限"),

    WRONG_ANSWER(2001, "验证码错误"),
    CHALLENGE_GONE(2002, "验证码已过期、不存在或已使用"),
    TOO_MANY_ATTEMPTS(2003, "验证码错误次数过多，请重新获取"),

    /** Counted by the {@code data.client_ip} a backend names: one abuser walking through many numbers. */
    SMS_CLIENT_IP_HOURLY_LIMIT(3001, "同一来源地址1小时内发送短信条数超过上限"),

    MALFORMED_JSON(4000, "请求不是合法的JSON"),
    NOT_AN_OBJECT(4001, "请求必须是JSON对象"),
    BAD_FIELD(4002, "字段缺失或类型错误"),
    UNKNOWN_TYPE(4003, "未知的请求类型"),
    UNKNOWN_SUBTYPE(4004, "未知的请求子类型"),
    UNKNOWN_ACTION(4005, "未知的操作"),
    BINARY_NOT_SUPPORTED(4006, "不支持二进制消息"),
    /** {@code data.kind} on an image generate that names no kind: the detail says which it named. */
    UNKNOWN_KIND(4007, "未知的验证码种类"),
    /** Never a reply: the connection closes with 1009 and this as the reason. */
    FRAME_TOO_LARGE(4009, "消息超过大小限制"),

    INTERNAL_ERROR(5000, "服务器内部错误"),
    STORE_UNAVAILABLE(5002, "验证存储暂不可用，请稍后重试"),
    BUSY(5003, "服务繁忙，请稍后重试"),
    /**
     * The budget across all numbers is spent: nothing the end user did, and no 1xxx, which
     * Tencent's legacy codes own (1022 is Tencent's own per-application limit).
     */
    SMS_BUDGET_HOURLY(5004, "短信发送总量已达每小时上限，请稍后再试"),
    SMS_BUDGET_DAILY(5004, "短信发送总量已达每日上限，请稍后再试");

    private final int code;
    private final String message;

    ErrorCode(int code, String message) {
        this.code = code;
        this.message = message;
    }

    public int code() {
        return code;
    }

    public String message() {
        return message;
    }
}
