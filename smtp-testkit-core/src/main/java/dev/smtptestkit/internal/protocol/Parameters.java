package dev.smtptestkit.internal.protocol;

import dev.smtptestkit.ProtocolViolation.Rule;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The MAIL and RCPT parameters this receiver offers after EHLO, and their values: SIZE (RFC 1870),
 * BODY (RFC 6152), SMTPUTF8 (RFC 6531), RET, ENVID, NOTIFY and ORCPT (RFC 3461), each only while
 * its extension is offered. Anything else, and every parameter after HELO, is unknown (555, RFC
 * 5321 4.1.1.11). A refusal names the rule the client broke, or none when it broke no rule (a
 * declared SIZE over the limit is the receiver's limit, not the client's fault).
 */
final class Parameters {

    private static final Pattern SIZE_VALUE = Pattern.compile("[0-9]{1,20}");
    private static final Pattern NOTIFY_LIST = Pattern.compile("(SUCCESS|FAILURE|DELAY)(,(SUCCESS|FAILURE|DELAY))*");
    private static final Pattern ADDR_TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]*");

    private Parameters() {
    }

    /**
     * Why a parameter was refused.
     *
     * @param reply the reply
     * @param rule  the rule the client broke, or null
     */
    record Refusal(Reply reply, Rule rule) {
    }

    private static Refusal unknown(String key) {
        return new Refusal(Replies.unknownParameter(key), Rule.UNKNOWN_PARAMETER);
    }

    private static Refusal badValue(String key, String why) {
        return new Refusal(Replies.badParameterValue(key, why), Rule.COMMAND_SYNTAX);
    }

    /** The refusal of a MAIL parameter, or null when all are fine. */
    static Refusal checkMail(Map<String, String> parameters, Set<Extension> offered, long maxMessageSize) {
        for (Map.Entry<String, String> p : parameters.entrySet()) {
            String key = p.getKey();
            String value = p.getValue();
            if (!offers(offered, key)) {
                return unknown(key); // not offered (after HELO nothing is)
            }
            switch (key) {
                case "SIZE": // RFC 1870 section 6
                    if (!SIZE_VALUE.matcher(value).matches()) {
                        return badValue(key, "expected a number of octets");
                    }
                    if (value.length() > 18 || Long.parseLong(value) > maxMessageSize) {
                        return new Refusal(Replies.messageTooBig(maxMessageSize), null);
                    }
                    break;
                case "BODY": // RFC 6152; BINARYMIME is not offered
                    if (!value.equalsIgnoreCase("7BIT") && !value.equalsIgnoreCase("8BITMIME")) {
                        return badValue(key, "expected 7BIT or 8BITMIME");
                    }
                    break;
                case "SMTPUTF8": // RFC 6531 3.4: no value
                    if (!value.isEmpty()) {
                        return badValue(key, "takes no value");
                    }
                    break;
                case "RET": // RFC 3461 4.3
                    if (!value.equalsIgnoreCase("FULL") && !value.equalsIgnoreCase("HDRS")) {
                        return badValue(key, "expected FULL or HDRS");
                    }
                    break;
                case "AUTH": // RFC 4954 5: AUTH=<> or AUTH=xtext (the identity the message was submitted by)
                    if (!value.equals("<>") && (value.isEmpty() || !Xtext.isValid(value) || value.length() > 500)) {
                        return badValue(key, "expected <> or an xtext mailbox");
                    }
                    break;
                case "ENVID": // RFC 3461 4.4: xtext, at most 100 characters
                    if (value.isEmpty() || !Xtext.isValid(value) || value.length() > 100) {
                        return badValue(key, "expected xtext of at most 100 characters");
                    }
                    break;
                default:
                    return unknown(key);
            }
        }
        return null;
    }

    /** The refusal of an RCPT parameter, or null when all are fine. */
    static Refusal checkRcpt(Map<String, String> parameters, Set<Extension> offered) {
        for (Map.Entry<String, String> p : parameters.entrySet()) {
            String key = p.getKey();
            String value = p.getValue();
            if (!offers(offered, key)) {
                return unknown(key);
            }
            switch (key) {
                case "NOTIFY": // RFC 3461 4.1: NEVER, or a list of SUCCESS, FAILURE, DELAY
                    if (!value.equalsIgnoreCase("NEVER") && !NOTIFY_LIST.matcher(value.toUpperCase(Locale.ROOT)).matches()) {
                        return badValue(key, "expected NEVER or a list of SUCCESS,FAILURE,DELAY");
                    }
                    break;
                case "ORCPT": // RFC 3461 4.2: addr-type ";" xtext
                    int semi = value.indexOf(';');
                    if (semi <= 0 || !ADDR_TYPE.matcher(value.substring(0, semi)).matches()
                            || !Xtext.isValid(value.substring(semi + 1)) || value.length() > 500) {
                        return badValue(key, "expected addr-type;xtext, for example rfc822;a@example.com");
                    }
                    break;
                default:
                    return unknown(key);
            }
        }
        return null;
    }

    private static boolean offers(Set<Extension> offered, String keyword) {
        Extension extension = extensionOf(keyword);
        return extension != null && offered.contains(extension);
    }

    // The extension a parameter belongs to; an unknown keyword maps to none and is refused.
    private static Extension extensionOf(String keyword) {
        switch (keyword) {
            case "SIZE":
                return Extension.SIZE;
            case "BODY":
                return Extension.EIGHT_BIT_MIME;
            case "SMTPUTF8":
                return Extension.SMTPUTF8;
            case "AUTH":
                return Extension.AUTH;
            case "RET":
            case "ENVID":
            case "NOTIFY":
            case "ORCPT":
                return Extension.DSN;
            default:
                return null;
        }
    }
}
