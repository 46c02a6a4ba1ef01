package dev.smtptestkit.internal.protocol;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The MAIL and RCPT parameters this receiver offers after EHLO, and their values: SIZE (RFC 1870),
 * BODY (RFC 6152), SMTPUTF8 (RFC 6531), RET, ENVID, NOTIFY and ORCPT (RFC 3461). Anything else,
 * and every parameter after HELO, is unknown (555, RFC 5321 4.1.1.11).
 */
final class Parameters {

    private static final Pattern SIZE_VALUE = Pattern.compile("[0-9]{1,20}");
    private static final Pattern NOTIFY_LIST = Pattern.compile("(SUCCESS|FAILURE|DELAY)(,(SUCCESS|FAILURE|DELAY))*");
    private static final Pattern ADDR_TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]*");

    private Parameters() {
    }

    /** The reply refusing a MAIL parameter, or null when all are fine. */
    static Reply checkMail(Map<String, String> parameters, boolean extended, long maxMessageSize) {
        for (Map.Entry<String, String> p : parameters.entrySet()) {
            String key = p.getKey();
            String value = p.getValue();
            if (!extended) {
                return Replies.unknownParameter(key); // no extension offered after HELO
            }
            switch (key) {
                case "SIZE": // RFC 1870 section 6
                    if (!SIZE_VALUE.matcher(value).matches()) {
                        return Replies.badParameterValue(key, "expected a number of octets");
                    }
                    if (value.length() > 18 || Long.parseLong(value) > maxMessageSize) {
                        return Replies.messageTooBig(maxMessageSize);
                    }
                    break;
                case "BODY": // RFC 6152; BINARYMIME is not offered
                    if (!value.equalsIgnoreCase("7BIT") && !value.equalsIgnoreCase("8BITMIME")) {
                        return Replies.badParameterValue(key, "expected 7BIT or 8BITMIME");
                    }
                    break;
                case "SMTPUTF8": // RFC 6531 3.4: no value
                    if (!value.isEmpty()) {
                        return Replies.badParameterValue(key, "takes no value");
                    }
                    break;
                case "RET": // RFC 3461 4.3
                    if (!value.equalsIgnoreCase("FULL") && !value.equalsIgnoreCase("HDRS")) {
                        return Replies.badParameterValue(key, "expected FULL or HDRS");
                    }
                    break;
                case "ENVID": // RFC 3461 4.4: xtext, at most 100 characters
                    if (value.isEmpty() || !Xtext.isValid(value) || value.length() > 100) {
                        return Replies.badParameterValue(key, "expected xtext of at most 100 characters");
                    }
                    break;
                default:
                    return Replies.unknownParameter(key);
            }
        }
        return null;
    }

    /** The reply refusing an RCPT parameter, or null when all are fine. */
    static Reply checkRcpt(Map<String, String> parameters, boolean extended) {
        for (Map.Entry<String, String> p : parameters.entrySet()) {
            String key = p.getKey();
            String value = p.getValue();
            if (!extended) {
                return Replies.unknownParameter(key);
            }
            switch (key) {
                case "NOTIFY": // RFC 3461 4.1: NEVER, or a list of SUCCESS, FAILURE, DELAY
                    if (!value.equalsIgnoreCase("NEVER") && !NOTIFY_LIST.matcher(value.toUpperCase(Locale.ROOT)).matches()) {
                        return Replies.badParameterValue(key, "expected NEVER or a list of SUCCESS,FAILURE,DELAY");
                    }
                    break;
                case "ORCPT": // RFC 3461 4.2: addr-type ";" xtext
                    int semi = value.indexOf(';');
                    if (semi <= 0 || !ADDR_TYPE.matcher(value.substring(0, semi)).matches()
                            || !Xtext.isValid(value.substring(semi + 1)) || value.length() > 500) {
                        return Replies.badParameterValue(key, "expected addr-type;xtext, for example rfc822;a@example.com");
                    }
                    break;
                default:
                    return Replies.unknownParameter(key);
            }
        }
        return null;
    }
}
