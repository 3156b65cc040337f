package org.captchaws.protocol;

/**
 * Every integer {@code status} a failure reply can carry, with its message.
 *
 * <p>1xxx codes keep the seed's and Tencent's legacy numbers; 2xxx are verification outcomes;
 * 4xxx are protocol errors (the client sent something the service cannot act on); 5xxx are
 * the service's own trouble. README publishes this table: change them together.
 */
public enum ErrorCode {
    IMAGE_FILE_FAILED(1000, "验证码文件创建失败"),
    SMS_NOT_CONFIGURED(1006, "短信服务未配置"),
    INVALID_PHONE(1016, "手机号格式错误"),
    /** The local per-phone limits reuse Tencent's codes for its own: clients already handle them. */
    SMS_TOO_FREQUENT(1023, "同一手机号发送短信过于频繁，请稍后再试"),
    SMS_HOURLY_LIMIT(1024, "同一手机号1小时内发送短信条数超过上限"),
    SMS_DAILY_LIMIT(1025, "同一手机号日发送短信条数超过上限"),

    WRONG_ANSWER(2001, "验证码错误"),
    CHALLENGE_GONE(2002, "验证码已过期、不存在或已使用"),
    TOO_MANY_ATTEMPTS(2003, "验证码错误次数过多，请重新获取"),

    MALFORMED_JSON(4000, "请求不是合法的JSON"),
    NOT_AN_OBJECT(4001, "请求必须是JSON对象"),
    BAD_FIELD(4002, "字段缺失或类型错误"),
    UNKNOWN_TYPE(4003, "未知的请求类型"),
    UNKNOWN_SUBTYPE(4004, "未知的请求子类型"),
    UNKNOWN_ACTION(4005, "未知的操作"),
    BINARY_NOT_SUPPORTED(4006, "不支持二进制消息"),
    /** Never a reply: the connection closes with 1009 and this as the reason. */
    FRAME_TOO_LARGE(4009, "消息超过大小限制"),

    INTERNAL_ERROR(5000, "服务器内部错误"),
    STORE_UNAVAILABLE(5002, "验证存储暂不可用，请稍后重试"),
    BUSY(5003, "服务繁忙，请稍后重试");

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
