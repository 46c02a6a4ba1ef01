package dev.smtptestkit;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A message for {@link SmtpSender}: the envelope (reverse path, recipients, extra MAIL and RCPT
 * parameters such as DSN's) and the message octets, sent exactly as given. Immutable; the
 * {@code with...} methods return a changed copy.
 *
 * <pre>{@code
 * OutgoingEmail email = OutgoingEmail.of("app@example.test", List.of("bob@example.test"),
 *                 "Subject: Hi\r\n\r\nHello\r\n".getBytes(StandardCharsets.US_ASCII))
 *         .withMailParameter("RET", "HDRS")              // RFC 3461 4.3
 *         .withRecipientParameter("NOTIFY", "FAILURE");  // RFC 3461 4.1
 * }</pre>
 *
 * <p>{@code SIZE}, {@code BODY} and {@code SMTPUTF8} are not given here: the sender sets them
 * itself from the content and the server's capabilities.
 */
public final class OutgoingEmail {

    private final String sender;
    private final List<String> recipients;
    private final byte[] content;
    private final Map<String, String> mailParameters;
    private final List<Map<String, String>> recipientParameters;

    private OutgoingEmail(String sender, List<String> recipients, byte[] content, Map<String, String> mailParameters,
                          List<Map<String, String>> recipientParameters) {
        this.sender = Objects.requireNonNull(sender, "sender");
        this.recipients = List.copyOf(recipients);
        if (this.recipients.isEmpty()) {
            throw new IllegalArgumentException("An OutgoingEmail needs at least one recipient: give the addresses "
                    + "to send the message to");
        }
        for (String r : this.recipients) {
            checkAddress(r, "recipient");
        }
        if (!sender.isEmpty()) {
            checkAddress(sender, "sender");
        }
        this.content = content;
        this.mailParameters = Map.copyOf(mailParameters);
        List<Map<String, String>> copies = new ArrayList<>();
        for (Map<String, String> p : recipientParameters) {
            copies.add(Map.copyOf(p));
        }
        this.recipientParameters = List.copyOf(copies);
    }

    private static void checkAddress(String address, String what) {
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (c == '<' || c == '>' || c == '\r' || c == '\n' || c == ' ') {
                throw new IllegalArgumentException("The " + what + " address \"" + address + "\" contains '"
                        + (c == '\r' ? "\\r" : c == '\n' ? "\\n" : String.valueOf(c))
                        + "': give the bare address, such as bob@example.test, without angle brackets or spaces");
            }
        }
        if (address.isEmpty()) {
            throw new IllegalArgumentException("A " + what + " address is empty: give an address such as "
                    + "bob@example.test");
        }
    }

    /**
     * A message from octets.
     *
     * @param sender     the reverse path without angle brackets, or "" for the null sender of a bounce
     * @param recipients the forward paths, at least one
     * @param content    the message (RFC 5322 headers, blank line, body); copied
     * @return the message
     * @throws IllegalArgumentException when there is no recipient or an address holds {@code <>}, space or a line break
     */
    public static OutgoingEmail of(String sender, List<String> recipients, byte[] content) {
        return new OutgoingEmail(sender, recipients, content.clone(), Map.of(), emptyParameters(recipients.size()));
    }

    /**
     * A Jakarta Mail message: the first From address as reverse path, every To, Cc and Bcc address
     * as a recipient, and the message as {@link MimeMessage#writeTo} writes it without its Bcc header.
     *
     * @param message the message
     * @return the message
     * @throws MessagingException       when the message cannot be written
     * @throws IllegalArgumentException when it has no From or no recipient
     */
    public static OutgoingEmail of(MimeMessage message) throws MessagingException {
        Address[] from = message.getFrom();
        if (from == null || from.length == 0 || !(from[0] instanceof InternetAddress first)) {
            throw new IllegalArgumentException("The MimeMessage has no From address: call setFrom(...) or use "
                    + "OutgoingEmail.of(sender, recipients, octets)");
        }
        Address[] to = message.getAllRecipients();
        if (to == null || to.length == 0) {
            throw new IllegalArgumentException("The MimeMessage has no recipients: call setRecipients(...) or use "
                    + "OutgoingEmail.of(sender, recipients, octets)");
        }
        List<String> recipients = new ArrayList<>();
        for (Address a : to) {
            recipients.add(a instanceof InternetAddress ia ? ia.getAddress() : a.toString());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            // As Jakarta Mail's own SMTP transport does: Bcc recipients must not see each other.
            message.writeTo(out, new String[] {"Bcc", "Content-Length"});
        } catch (IOException e) {
            throw new MessagingException("Cannot write the MimeMessage: " + e.getMessage(), e);
        }
        return new OutgoingEmail(first.getAddress(), recipients, out.toByteArray(), Map.of(),
                emptyParameters(recipients.size()));
    }

    /**
     * A recorded email with its exact octets and its envelope: reverse path, recipients and the DSN
     * parameters the client gave ({@code RET}, {@code ENVID}, {@code NOTIFY}, {@code ORCPT}).
     *
     * @param email the email
     * @return the message
     */
    public static OutgoingEmail of(ReceivedEmail email) {
        Envelope envelope = email.envelope();
        Map<String, String> mail = dsnOnly(envelope.senderParameters());
        List<Map<String, String>> rcpt = new ArrayList<>();
        for (Map<String, String> p : envelope.recipientParameters()) {
            rcpt.add(dsnOnly(p));
        }
        return new OutgoingEmail(envelope.sender(), envelope.recipients(), email.rawBytes(), mail, rcpt);
    }

    private static final List<String> DSN_KEYWORDS = List.of("RET", "ENVID", "NOTIFY", "ORCPT");

    private static Map<String, String> dsnOnly(Map<String, String> parameters) {
        Map<String, String> out = new LinkedHashMap<>();
        parameters.forEach((k, v) -> {
            if (DSN_KEYWORDS.contains(k.toUpperCase(java.util.Locale.ROOT))) {
                out.put(k.toUpperCase(java.util.Locale.ROOT), v);
            }
        });
        return out;
    }

    private static List<Map<String, String>> emptyParameters(int n) {
        List<Map<String, String>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(Map.of());
        }
        return out;
    }

    /**
     * The same message to other recipients (their parameters are dropped).
     *
     * @param recipients the new recipients, at least one
     * @return a copy
     */
    public OutgoingEmail withRecipients(List<String> recipients) {
        return new OutgoingEmail(sender, recipients, content, mailParameters, emptyParameters(recipients.size()));
    }

    /**
     * The same message from another reverse path.
     *
     * @param sender the reverse path, or "" for the null sender
     * @return a copy
     */
    public OutgoingEmail withSender(String sender) {
        return new OutgoingEmail(sender, recipients, content, mailParameters, recipientParameters);
    }

    /**
     * A copy with one more {@code MAIL FROM} parameter, for example {@code RET=HDRS} or
     * {@code ENVID=...} (RFC 3461 4.3, 4.4; sent only when the server offers DSN, else the
     * delivery fails locally).
     *
     * @param keyword the parameter keyword
     * @param value   its value, or "" for a keyword without value
     * @return a copy
     */
    public OutgoingEmail withMailParameter(String keyword, String value) {
        Map<String, String> m = new LinkedHashMap<>(mailParameters);
        m.put(checkKeyword(keyword), Objects.requireNonNull(value, "value"));
        return new OutgoingEmail(sender, recipients, content, m, recipientParameters);
    }

    /**
     * A copy with one more {@code RCPT TO} parameter on every recipient, for example
     * {@code NOTIFY=SUCCESS,FAILURE} (RFC 3461 4.1).
     *
     * @param keyword the parameter keyword
     * @param value   its value, or "" for a keyword without value
     * @return a copy
     */
    public OutgoingEmail withRecipientParameter(String keyword, String value) {
        List<Map<String, String>> all = new ArrayList<>();
        for (Map<String, String> p : recipientParameters) {
            Map<String, String> m = new LinkedHashMap<>(p);
            m.put(checkKeyword(keyword), Objects.requireNonNull(value, "value"));
            all.add(m);
        }
        return new OutgoingEmail(sender, recipients, content, mailParameters, all);
    }

    // RFC 5321 4.1.2: esmtp-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-")
    private static String checkKeyword(String keyword) {
        if (!keyword.matches("[A-Za-z0-9][A-Za-z0-9-]*")) {
            throw new IllegalArgumentException("\"" + keyword + "\" is not an ESMTP parameter keyword (RFC 5321 "
                    + "4.1.2: letters, digits and '-'), for example RET or NOTIFY");
        }
        String upper = keyword.toUpperCase(java.util.Locale.ROOT);
        if (upper.equals("SIZE") || upper.equals("BODY") || upper.equals("SMTPUTF8")) {
            throw new IllegalArgumentException(upper + " is set by the SmtpSender from the content and the "
                    + "server's capabilities: leave it out");
        }
        return upper;
    }

    /**
     * The reverse path.
     *
     * @return the address, or "" for the null sender
     */
    public String sender() {
        return sender;
    }

    /**
     * The recipients in order.
     *
     * @return an immutable list
     */
    public List<String> recipients() {
        return recipients;
    }

    /**
     * A copy of the message octets.
     *
     * @return the octets
     */
    public byte[] content() {
        return content.clone();
    }

    /**
     * The size of the message in octets.
     *
     * @return the number of octets
     */
    public int size() {
        return content.length;
    }

    /**
     * The extra {@code MAIL FROM} parameters.
     *
     * @return keyword (upper case) to value
     */
    public Map<String, String> mailParameters() {
        return mailParameters;
    }

    /**
     * The extra {@code RCPT TO} parameters of each recipient, in the order of {@link #recipients()}.
     *
     * @return one map per recipient
     */
    public List<Map<String, String>> recipientParameters() {
        return recipientParameters;
    }

    @Override
    public String toString() {
        return "OutgoingEmail{from=<" + sender + ">, to=" + recipients + ", " + content.length + " octets"
                + (mailParameters.isEmpty() ? "" : ", " + mailParameters) + "}";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OutgoingEmail e && sender.equals(e.sender) && recipients.equals(e.recipients)
                && Arrays.equals(content, e.content) && mailParameters.equals(e.mailParameters)
                && recipientParameters.equals(e.recipientParameters);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sender, recipients, Arrays.hashCode(content), mailParameters);
    }
}
