package dev.smtptestkit.internal.protocol;

/**
 * The SMTP service extensions the receiver can offer in its EHLO reply (RFC 5321 4.1.1.1). The
 * keyword list is built from the enabled set, and a disabled extension is also refused when used,
 * so a test can turn one off and see what a client does without it.
 */
public enum Extension {
    /** RFC 1870: SIZE, with the limit as its parameter. */
    SIZE,
    /** RFC 6152: BODY=8BITMIME. */
    EIGHT_BIT_MIME,
    /** RFC 2920: command pipelining. */
    PIPELINING,
    /** RFC 6531: internationalised addresses and headers. */
    SMTPUTF8,
    /** RFC 2034: enhanced status codes on replies. */
    ENHANCED_STATUS_CODES,
    /** RFC 3030: BDAT. */
    CHUNKING,
    /** RFC 3461: delivery status notification parameters. */
    DSN,
    /** RFC 3207: STARTTLS, listed only while TLS is not active and the receiver offers it. */
    STARTTLS,
    /** RFC 4954: AUTH with the offered mechanisms, listed only when the receiver offers AUTH. */
    AUTH;

    /** The EHLO keyword line for this extension. */
    String keyword(SessionConfig config) {
        switch (this) {
            case SIZE:
                return "SIZE " + config.maxMessageSize();
            case EIGHT_BIT_MIME:
                return "8BITMIME";
            case ENHANCED_STATUS_CODES:
                return "ENHANCEDSTATUSCODES";
            default:
                return name();
        }
    }
}
