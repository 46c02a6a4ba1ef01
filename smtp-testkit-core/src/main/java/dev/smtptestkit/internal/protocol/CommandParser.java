package dev.smtptestkit.internal.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns one command line (without CRLF) into a {@link Command}: {@link #decode} checks its octets,
 * {@link #parse} its syntax. Order and limits are the {@link Session}'s business.
 */
public final class CommandParser {

    // RFC 5321 4.1 and extensions we know of but do not offer: answered 502, not 500.
    private static final Set<String> NOT_OFFERED = Set.of(
            "TURN", "ETRN", "ATRN", "SEND", "SOML", "SAML", "XCLIENT", "XFORWARD");

    private CommandParser() {
    }

    /**
     * The command line as text, or null when it holds a control octet or is not UTF-8. Trailing
     * white space is dropped: RFC 5321 4.1.1 asks receivers to tolerate it.
     */
    static String decode(byte[] line, int off, int len) {
        while (len > 0 && (line[off + len - 1] == ' ' || line[off + len - 1] == '\t')) {
            len--;
        }
        boolean ascii = true;
        for (int k = off; k < off + len; k++) {
            int b = line[k] & 0xFF;
            if (b < 0x20 || b == 0x7F) {
                return null; // NUL, bare CR or LF, TAB and other controls have no place in a command
            }
            ascii &= b < 0x80;
        }
        if (ascii) {
            return new String(line, off, len, StandardCharsets.US_ASCII); // the common case, no decoder needed
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(line, off, len)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Parses one decoded command line; bad syntax becomes {@link Command.Invalid} with its reply. */
    public static Command parse(String line) {
        int space = line.indexOf(' ');
        String verb = verb(line, space < 0 ? line.length() : space);
        String rest = space < 0 ? "" : line.substring(space + 1);
        boolean hasArgument = space >= 0;
        switch (verb) {
            case "EHLO":
            case "HELO":
                return parseHello(verb, rest);
            case "MAIL":
                return parseMailOrRcpt(verb, line.substring(4), "FROM:", true);
            case "RCPT":
                return parseMailOrRcpt(verb, line.substring(4), "TO:", false);
            case "DATA":
                return hasArgument ? invalid(verb, Replies.noArgumentsAllowed(verb)) : new Command.Data();
            case "RSET":
                return hasArgument ? invalid(verb, Replies.noArgumentsAllowed(verb)) : new Command.Rset();
            case "QUIT":
                return hasArgument ? invalid(verb, Replies.noArgumentsAllowed(verb)) : new Command.Quit();
            case "NOOP":
                // RFC 5321 4.1.1.9: NOOP [ SP String ]; the string is ignored.
                return new Command.Noop();
            case "VRFY":
                return rest.isBlank() ? invalid(verb, Replies.syntax("VRFY <string>")) : new Command.Vrfy(rest);
            case "EXPN":
                return rest.isBlank() ? invalid(verb, Replies.syntax("EXPN <string>")) : new Command.Expn(rest);
            case "HELP":
                return new Command.Help(rest);
            case "BDAT":
                return parseBdat(rest);
            case "STARTTLS":
                return new Command.StartTls(hasArgument); // RFC 3207 4: a parameter gets 501 (decided by its unit)
            case "AUTH":
                return new Command.Auth(line.substring(4)); // with its leading space, as AuthCommand.parse wants
            default:
                if (NOT_OFFERED.contains(verb)) {
                    return new Command.NotImplemented(verb);
                }
                return new Command.Unknown(verb);
        }
    }

    private static final String[] VERBS = {"MAIL", "RCPT", "DATA", "EHLO", "QUIT", "RSET", "NOOP", "HELO", "BDAT",
        "AUTH", "STARTTLS", "VRFY", "EXPN", "HELP"};

    // The verb upper-cased as toUpperCase(Locale.ROOT) gives it; a known verb in ASCII letters is
    // returned as its constant, without the substring and the upper-cased copy per command.
    private static String verb(String line, int end) {
        for (String known : VERBS) {
            // only ASCII letters fold here; any other character takes toUpperCase below, which
            // may still map it onto a verb (U+0131, the dotless i, upper-cases to I)
            if (known.length() == end && Ascii.equalsIgnoreCase(line, 0, known)) {
                return known;
            }
        }
        return line.substring(0, end).toUpperCase(Locale.ROOT);
    }

    private static Command invalid(String verb, Reply reply) {
        return new Command.Invalid(verb, reply);
    }

    // RFC 5321 4.1.1.1: "EHLO" SP ( Domain / address-literal ). The name is recorded as given; a
    // hostname with characters outside the RFC grammar (a common sight on developer machines) is
    // accepted, since refusing it would break clients that use the local host name.
    private static Command parseHello(String verb, String rest) {
        String name = rest.strip();
        if (name.isEmpty() || name.indexOf(' ') >= 0) {
            return invalid(verb, Replies.syntax(verb + " <domain>"));
        }
        return verb.equals("EHLO") ? new Command.Ehlo(name) : new Command.Helo(name);
    }

    // RFC 5321 4.1.1.2 / 4.1.1.3: "MAIL FROM:" Reverse-path [SP Mail-parameters],
    // "RCPT TO:" ( "<Postmaster@" Domain ">" / "<Postmaster>" / Forward-path ) [SP Rcpt-parameters]
    private static Command parseMailOrRcpt(String verb, String afterVerb, String keyword, boolean mail) {
        String usage = mail ? "MAIL FROM:<address> [parameters]" : "RCPT TO:<address> [parameters]";
        if (!afterVerb.startsWith(" ") || !afterVerb.regionMatches(true, 1, keyword, 0, keyword.length())) {
            return invalid(verb, Replies.syntax(usage));
        }
        int i = 1 + keyword.length();
        boolean spaceBeforePath = false;
        while (i < afterVerb.length() && afterVerb.charAt(i) == ' ') {
            i++;
            spaceBeforePath = true;
        }
        PathParser parser = new PathParser(afterVerb, i);
        String error = parser.parse(mail, !mail);
        if (error != null) {
            return invalid(verb, mail ? Replies.badSenderSyntax(error) : Replies.badRecipientSyntax(error));
        }
        int end = parser.position();
        Map<String, String> parameters = new LinkedHashMap<>();
        if (end < afterVerb.length()) {
            if (afterVerb.charAt(end) != ' ') {
                return invalid(verb, Replies.syntax(usage));
            }
            for (String token : afterVerb.substring(end + 1).split(" ")) {
                if (token.isEmpty()) {
                    continue;
                }
                int eq = token.indexOf('=');
                String key = (eq < 0 ? token : token.substring(0, eq)).toUpperCase(Locale.ROOT);
                String value = eq < 0 ? "" : token.substring(eq + 1);
                if (!isKeyword(key) || (eq >= 0 && !isValue(value))) {
                    return invalid(verb, Replies.syntax(usage + " (bad parameter '" + token + "')"));
                }
                if (parameters.put(key, value) != null) {
                    return invalid(verb, Replies.duplicateParameter(key));
                }
            }
        }
        Command.Path path = new Command.Path(parser.mailbox(), parser.nonAscii());
        return mail ? new Command.Mail(path, parameters, spaceBeforePath)
                : new Command.Rcpt(path, parameters, spaceBeforePath);
    }

    // RFC 5321 4.1.2: esmtp-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-")
    private static boolean isKeyword(String key) {
        if (key.isEmpty() || !isAlnum(key.charAt(0))) {
            return false;
        }
        for (int i = 1; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!isAlnum(c) && c != '-') {
                return false;
            }
        }
        return true;
    }

    // RFC 5321 4.1.2: esmtp-value = 1*(%d33-60 / %d62-126); RFC 6531 3.3 adds UTF-8.
    private static boolean isValue(String value) {
        if (value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '=' || c <= ' ' || c == 127) {
                return false;
            }
        }
        return true;
    }

    static boolean isAlnum(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    // RFC 3030 2: bdat-cmd = "BDAT" SP chunk-size [ SP end-marker ] CR LF
    private static Command parseBdat(String rest) {
        String usage = "BDAT <chunk-size> [LAST]";
        String[] parts = rest.split(" ", -1);
        if (rest.isEmpty() || parts.length > 2 || parts[0].isEmpty() || parts[0].length() > 18) {
            return invalid("BDAT", Replies.syntax(usage));
        }
        for (int i = 0; i < parts[0].length(); i++) {
            if (!Character.isDigit(parts[0].charAt(i)) || parts[0].charAt(i) > '9') {
                return invalid("BDAT", Replies.syntax(usage));
            }
        }
        boolean last = parts.length == 2;
        if (last && !parts[1].equalsIgnoreCase("LAST")) {
            return invalid("BDAT", Replies.syntax(usage));
        }
        return new Command.Bdat(Long.parseLong(parts[0]), last);
    }
}
