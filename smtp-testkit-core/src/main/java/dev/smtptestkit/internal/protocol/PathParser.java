package dev.smtptestkit.internal.protocol;

/**
 * Parses a Path of RFC 5321 4.1.2 starting at a position, with the UTF-8 extensions of RFC 6531
 * 3.3 (recorded in {@link #nonAscii()} so the session can refuse them without SMTPUTF8).
 * Source routes (A-d-l) are accepted and dropped (RFC 5321 4.1.1.3 and Appendix C).
 */
final class PathParser {

    private static final String ATEXT_SPECIALS = "!#$%&'*+-/=?^_`{|}~";

    private final String s;
    private int i;
    private boolean nonAscii;
    private String mailbox = "";

    PathParser(String s, int start) {
        this.s = s;
        this.i = start;
    }

    int position() {
        return i;
    }

    boolean nonAscii() {
        return nonAscii;
    }

    String mailbox() {
        return mailbox;
    }

    /** Returns null on success, otherwise what was wrong. */
    String parse(boolean allowNullPath, boolean allowPostmaster) {
        if (!eat('<')) {
            return "the address must be enclosed in <>";
        }
        if (allowNullPath && eat('>')) {
            return null; // RFC 5321 4.5.5: the null reverse path of a bounce
        }
        if (peek() == '@') {
            String error = sourceRoute();
            if (error != null) {
                return error;
            }
        }
        if (allowPostmaster && s.regionMatches(true, i, "Postmaster>", 0, 11)) {
            mailbox = s.substring(i, i + 10); // RFC 5321 4.1.1.3: <Postmaster> without a domain
            i += 11;
            return null;
        }
        int start = i;
        String error = localPart();
        if (error != null) {
            return error;
        }
        if (octets(start, i) > 64) {
            return "local part longer than 64 octets (RFC 5321 4.5.3.1.1)";
        }
        if (!eat('@')) {
            return "missing @domain";
        }
        int domainStart = i;
        error = peek() == '[' ? addressLiteral() : domain();
        if (error != null) {
            return error;
        }
        if (octets(domainStart, i) > 255) {
            return "domain longer than 255 octets (RFC 5321 4.5.3.1.2)";
        }
        mailbox = s.substring(start, i);
        if (!eat('>')) {
            return "missing closing >";
        }
        return null;
    }

    // A-d-l = At-domain *( "," At-domain ) ":"
    private String sourceRoute() {
        do {
            if (!eat('@')) {
                return "bad source route";
            }
            String error = domain();
            if (error != null) {
                return error;
            }
        } while (eat(','));
        return eat(':') ? null : "bad source route";
    }

    private String localPart() {
        if (peek() == '"') {
            i++;
            // Quoted-string = DQUOTE *QcontentSMTP DQUOTE
            while (i < s.length() && s.charAt(i) != '"') {
                char c = s.charAt(i);
                if (c == '\\') {
                    i++;
                    if (i >= s.length() || s.charAt(i) < 32 || s.charAt(i) > 126) {
                        return "bad quoted pair in local part";
                    }
                } else if (c < 32 || c == 127) {
                    return "control character in local part";
                } else if (c > 127) {
                    nonAscii = true;
                }
                i++;
            }
            return eat('"') ? null : "unterminated quoted local part";
        }
        // Dot-string = Atom *("." Atom)
        do {
            int atomStart = i;
            while (i < s.length() && isAtext(s.charAt(i))) {
                i++;
            }
            if (i == atomStart) {
                return i < s.length() && s.charAt(i) == '@' ? "empty local part or misplaced dot"
                        : "invalid character in local part";
            }
        } while (eat('.'));
        return null;
    }

    private boolean isAtext(char c) {
        if (c > 127) {
            nonAscii = true;
            return true;
        }
        return CommandParser.isAlnum(c) || ATEXT_SPECIALS.indexOf(c) >= 0;
    }

    // Domain = sub-domain *("." sub-domain); sub-domain = Let-dig [Ldh-str] (or a U-label, RFC 6531)
    private String domain() {
        do {
            int start = i;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c > 127) {
                    nonAscii = true;
                } else if (!CommandParser.isAlnum(c) && c != '-') {
                    break;
                }
                i++;
            }
            if (i == start) {
                return "empty or invalid domain label";
            }
            if (s.charAt(start) == '-' || s.charAt(i - 1) == '-') {
                return "domain label starts or ends with '-'";
            }
        } while (eat('.'));
        return null;
    }

    // address-literal = "[" ( IPv4-address-literal / IPv6-address-literal / General-address-literal ) "]"
    private String addressLiteral() {
        int close = s.indexOf(']', i);
        if (close < 0) {
            return "unterminated address literal";
        }
        String content = s.substring(i + 1, close);
        String error;
        if (content.regionMatches(true, 0, "IPv6:", 0, 5)) {
            error = isIpv6(content.substring(5)) ? null : "invalid IPv6 address literal";
        } else if (!content.isEmpty() && Character.isDigit(content.charAt(0))) {
            error = isIpv4(content) ? null : "invalid IPv4 address literal";
        } else {
            error = isGeneralLiteral(content) ? null : "invalid address literal";
        }
        if (error == null) {
            i = close + 1;
        }
        return error;
    }

    static boolean isIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    // RFC 5321 4.1.3: IPv6-full = 8 groups; IPv6-comp = up to 6 groups around "::";
    // IPv6v4-full = 6 groups and an IPv4 address; IPv6v4-comp = up to 4 groups around "::", then IPv4.
    // (RFC 5321 is stricter than RFC 4291 here: "::" stands for at least two groups of zeros.)
    static boolean isIpv6(String text) {
        String hex = text;
        int groups = 8;
        int lastColon = text.lastIndexOf(':');
        if (lastColon >= 0 && text.indexOf('.', lastColon) > 0) {
            if (!isIpv4(text.substring(lastColon + 1))) {
                return false;
            }
            // keep the colon before the IPv4 part only where it belongs to a "::"
            boolean afterCompression = lastColon > 0 && text.charAt(lastColon - 1) == ':';
            hex = text.substring(0, afterCompression ? lastColon + 1 : lastColon);
            groups = 6;
        }
        int compressed = hex.indexOf("::");
        if (compressed < 0) {
            return hexGroups(hex) == groups;
        }
        if (hex.indexOf("::", compressed + 1) >= 0) {
            return false; // at most one "::"
        }
        int left = compressed == 0 ? 0 : hexGroups(hex.substring(0, compressed));
        int right = compressed + 2 == hex.length() ? 0 : hexGroups(hex.substring(compressed + 2));
        return left >= 0 && right >= 0 && left + right <= groups - 2;
    }

    // IPv6-hex *( ":" IPv6-hex ) with IPv6-hex = 1*4HEXDIG: the number of groups, or -1
    private static int hexGroups(String text) {
        String[] parts = text.split(":", -1);
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 4) {
                return -1;
            }
            for (int k = 0; k < part.length(); k++) {
                char c = part.charAt(k);
                if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f') && !(c >= 'A' && c <= 'F')) {
                    return -1;
                }
            }
        }
        return parts.length;
    }

    // General-address-literal = Standardized-tag ":" 1*dcontent; dcontent = %d33-90 / %d94-126
    private static boolean isGeneralLiteral(String content) {
        int colon = content.indexOf(':');
        if (colon <= 0 || colon == content.length() - 1) {
            return false;
        }
        for (int k = 0; k < colon; k++) {
            char c = content.charAt(k);
            if (!CommandParser.isAlnum(c) && c != '-') {
                return false;
            }
        }
        for (int k = colon + 1; k < content.length(); k++) {
            char c = content.charAt(k);
            if (c < 33 || c > 126 || (c >= 91 && c <= 93)) {
                return false;
            }
        }
        return true;
    }

    // RFC 5321 4.5.3.1 counts octets; with SMTPUTF8 a character may be up to four of them
    private int octets(int from, int to) {
        int n = 0;
        for (int k = from; k < to; k++) {
            char c = s.charAt(k);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                n += 4;
                k++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    private char peek() {
        return i < s.length() ? s.charAt(i) : 0;
    }

    private boolean eat(char c) {
        if (i < s.length() && s.charAt(i) == c) {
            i++;
            return true;
        }
        return false;
    }
}
