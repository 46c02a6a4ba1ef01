package dev.smtptestkit.internal.client;

import dev.smtptestkit.DeliveryResult;
import dev.smtptestkit.DeliveryResult.Failure;
import dev.smtptestkit.DeliveryResult.RecipientResult;
import dev.smtptestkit.DeliveryResult.RecipientStatus;
import dev.smtptestkit.DeliveryResult.Stage;
import dev.smtptestkit.OutgoingEmail;
import dev.smtptestkit.SmtpReply;
import dev.smtptestkit.Transcript;
import dev.smtptestkit.internal.protocol.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One message: the local checks against the server's capabilities, MAIL, RCPT (one RFC 2920
 * group when the server pipelines), DATA or BDAT, the final reply.
 */
final class MailTransaction {

    private static final List<String> DSN_KEYWORDS = List.of("RET", "ENVID", "NOTIFY", "ORCPT");
    // Common shapes of a queue id in the final reply: Postfix "queued as X", Exim "id=X", ours "accepted as X".
    private static final Pattern QUEUE_ID = Pattern.compile(
            "(?i)(?:queued as|accepted as|\\bid=|queued:?)\\s*<?([A-Za-z0-9][A-Za-z0-9._@\\-]*)");

    /** What became of one message, before the transcript is complete. */
    record Result(DeliveryResult.Status status, List<RecipientResult> recipients, Optional<SmtpReply> finalReply,
                  Optional<String> queueId, Optional<Failure> failure, boolean connectionUsable) {

        static Result notAttempted(OutgoingEmail email, Failure earlier) {
            return new Result(DeliveryResult.Status.NOT_DELIVERED, notSent(email.recipients(),
                    "not sent: the session stopped before MAIL"), Optional.empty(), Optional.empty(),
                    Optional.of(earlier), false);
        }

        DeliveryResult toResult(Transcript transcript) {
            return new DeliveryResult(status, recipients, finalReply, queueId, failure, transcript);
        }
    }

    private final Wire wire;
    private final Capabilities caps;
    private final SenderConfig config;
    private final OutgoingEmail email;

    MailTransaction(Wire wire, Capabilities caps, SenderConfig config, OutgoingEmail email) {
        this.wire = wire;
        this.caps = caps;
        this.config = config;
        this.email = email;
    }

    Result run() {
        byte[] content = email.content();
        if (config.normalizeLineEndings()) {
            content = Octets.normalizeLineEndings(content);
        }
        List<Reply> rcptReplies = new ArrayList<>();
        try {
            String mail = mailCommand(content);
            List<String> rcpts = new ArrayList<>();
            for (int i = 0; i < email.recipients().size(); i++) {
                rcpts.add("RCPT TO:<" + email.recipients().get(i) + ">"
                        + parameters(email.recipientParameters().get(i)));
            }
            boolean bdat = config.chunking() && caps.has("CHUNKING");
            boolean pipelined = config.pipelining() && caps.has("PIPELINING");
            Reply mailReply;
            Reply dataReply = null;
            if (pipelined) {
                // RFC 2920 3.1: MAIL, the RCPTs and DATA in one group; DATA ends it (BDAT waits for the replies)
                List<String> group = new ArrayList<>();
                group.add(mail);
                group.addAll(rcpts);
                if (!bdat) {
                    group.add("DATA");
                }
                wire.group(Stage.MAIL, group);
                mailReply = wire.reply(Stage.MAIL, "MAIL");
                for (int i = 0; i < rcpts.size(); i++) {
                    rcptReplies.add(wire.reply(Stage.RCPT, "RCPT"));
                }
                if (!bdat) {
                    dataReply = wire.reply(Stage.DATA, "DATA");
                }
            } else {
                wire.command(Stage.MAIL, mail);
                mailReply = wire.reply(Stage.MAIL, "MAIL");
                if (mailReply.code() != 250) {
                    return mailRefused(mailReply, rcptReplies);
                }
                for (String rcpt : rcpts) {
                    wire.command(Stage.RCPT, rcpt);
                    Reply r = wire.reply(Stage.RCPT, "RCPT");
                    rcptReplies.add(r);
                    if (r.code() == 421) {
                        break;
                    }
                }
            }
            List<RecipientResult> recipients = recipientResults(rcptReplies);
            if (!rcptReplies.isEmpty() && rcptReplies.get(rcptReplies.size() - 1).code() == 421) {
                Abort a = Abort.refused(Stage.RCPT, rcptReplies.get(rcptReplies.size() - 1), "The server at "
                        + config.target() + " closed the session during RCPT");
                return failed(recipients, a.failure(), false);
            }
            boolean anyAccepted = recipients.stream().anyMatch(r -> r.status() == RecipientStatus.ACCEPTED);
            if (mailReply.code() != 250 || !anyAccepted) {
                if (dataReply != null && dataReply.code() == 354) {
                    // RFC 2920 3.1: DATA was accepted anyway; end it with an empty message, which must fail
                    wire.content(Stage.CONTENT, out -> {
                        out.write(new byte[] {'.', '\r', '\n'});
                        return 0;
                    });
                    wire.reply(Stage.CONTENT, "the end of data");
                }
                if (mailReply.code() != 250) {
                    return mailRefused(mailReply, rcptReplies);
                }
                Reply last = rcptReplies.get(rcptReplies.size() - 1);
                boolean usable = last.code() != 421 && reset();
                Abort a = Abort.refused(Stage.RCPT, last, "The server at " + config.target()
                        + " refused every recipient");
                return failed(recipients, a.failure(), usable);
            }
            Reply end;
            int size = content.length;
            byte[] octets = content;
            if (bdat) {
                // RFC 3030 2: one chunk with LAST; its octets are sent as they are, no dot-stuffing
                wire.command(Stage.DATA, "BDAT " + size + " LAST");
                wire.content(Stage.CONTENT, out -> {
                    out.write(octets);
                    return octets.length;
                });
            } else {
                if (dataReply == null) {
                    wire.command(Stage.DATA, "DATA");
                    dataReply = wire.reply(Stage.DATA, "DATA");
                }
                if (dataReply.code() != 354) {
                    boolean usable = dataReply.code() != 421 && reset();
                    Abort a = Abort.refused(Stage.DATA, dataReply, "The server at " + config.target()
                            + " refused DATA");
                    return failed(recipients, a.failure(), usable);
                }
                wire.content(Stage.CONTENT, out -> Octets.writeDotStuffed(octets, out));
            }
            end = wire.reply(Stage.CONTENT, "the end of data");
            SmtpReply finalReply = Abort.publicReply(end);
            if (end.code() != 250) {
                Abort a = Abort.refused(Stage.CONTENT, end, "The server at " + config.target()
                        + " refused the message");
                return new Result(DeliveryResult.Status.NOT_DELIVERED, recipients, Optional.of(finalReply),
                        Optional.empty(), Optional.of(a.failure()), a.connectionUsable());
            }
            boolean all = recipients.stream().allMatch(r -> r.status() == RecipientStatus.ACCEPTED);
            return new Result(all ? DeliveryResult.Status.DELIVERED : DeliveryResult.Status.PARTIALLY_DELIVERED,
                    recipients, Optional.of(finalReply), queueId(end), Optional.empty(), true);
        } catch (Abort a) {
            List<RecipientResult> recipients = recipientResults(rcptReplies);
            return failed(recipients, a.failure(), a.connectionUsable());
        }
    }

    private Result mailRefused(Reply mailReply, List<Reply> rcptReplies) {
        Abort a = Abort.refused(Stage.MAIL, mailReply, "The server at " + config.target() + " refused MAIL FROM:<"
                + email.sender() + ">");
        return failed(recipientResults(rcptReplies), a.failure(), a.connectionUsable());
    }

    private Result failed(List<RecipientResult> recipients, Failure failure, boolean usable) {
        return new Result(DeliveryResult.Status.NOT_DELIVERED, recipients, Optional.empty(), Optional.empty(),
                Optional.of(failure), usable);
    }

    /** RFC 5321 4.1.1.5: RSET ends the open transaction so the next message starts clean. */
    private boolean reset() {
        try {
            wire.command(Stage.MAIL, "RSET");
            return wire.reply(Stage.MAIL, "RSET").code() == 250;
        } catch (Abort a) {
            return false;
        }
    }

    /** The local checks first: nothing is sent for a message the server cannot take. */
    private String mailCommand(byte[] content) throws Abort {
        long limit = caps.sizeLimit();
        if (limit > 0 && content.length > limit) {
            throw Abort.local(Stage.MAIL, "The message is " + content.length + " octets, more than the SIZE limit of "
                    + limit + " octets that the server at " + config.target() + " announced (RFC 1870): it was not sent");
        }
        String utf8Reason = utf8Reason(content);
        if (utf8Reason != null && !caps.has("SMTPUTF8")) {
            throw Abort.local(Stage.MAIL, "The message needs SMTPUTF8 (RFC 6531 3.4) because " + utf8Reason
                    + ", but the server at " + config.target() + " does not offer SMTPUTF8 (its EHLO lists "
                    + caps.describe() + "): it was not sent");
        }
        int eightBit = Octets.firstEightBit(content);
        if (eightBit >= 0 && !caps.has("8BITMIME")) {
            throw Abort.local(Stage.MAIL, "The message has 8-bit octets (the first at offset " + eightBit
                    + ") and needs BODY=8BITMIME (RFC 6152), but the server at " + config.target()
                    + " does not offer 8BITMIME (its EHLO lists " + caps.describe() + "): encode the body as "
                    + "quoted-printable or base64, or send to a server that offers 8BITMIME");
        }
        List<String> dsn = dsnParameters();
        if (!dsn.isEmpty() && !caps.has("DSN")) {
            throw Abort.local(Stage.MAIL, "The message has DSN parameters " + dsn + " (RFC 3461), but the server at "
                    + config.target() + " does not offer DSN (its EHLO lists " + caps.describe() + "): remove them");
        }
        if (!caps.extended() && (!email.mailParameters().isEmpty()
                || email.recipientParameters().stream().anyMatch(p -> !p.isEmpty()))) {
            throw Abort.local(Stage.MAIL, "The message has ESMTP parameters, but the server at " + config.target()
                    + " took HELO, not EHLO, so it takes none (RFC 5321 4.1.1.1): remove them");
        }
        StringBuilder mail = new StringBuilder("MAIL FROM:<").append(email.sender()).append('>');
        if (caps.has("SIZE")) {
            mail.append(" SIZE=").append(content.length); // RFC 1870 6
        }
        if (eightBit >= 0) {
            mail.append(" BODY=8BITMIME"); // RFC 6152 3
        }
        if (utf8Reason != null) {
            mail.append(" SMTPUTF8"); // RFC 6531 3.4
        }
        return mail.append(parameters(email.mailParameters())).toString();
    }

    private String utf8Reason(byte[] content) {
        if (Octets.nonAscii(email.sender())) {
            return "the sender <" + email.sender() + "> is not ASCII";
        }
        for (String r : email.recipients()) {
            if (Octets.nonAscii(r)) {
                return "the recipient <" + r + "> is not ASCII";
            }
        }
        return Octets.eightBitHeaders(content) ? "the header section holds UTF-8 (RFC 6532)" : null;
    }

    private List<String> dsnParameters() {
        List<String> found = new ArrayList<>();
        email.mailParameters().keySet().stream().filter(DSN_KEYWORDS::contains).forEach(found::add);
        for (Map<String, String> p : email.recipientParameters()) {
            p.keySet().stream().filter(k -> DSN_KEYWORDS.contains(k) && !found.contains(k)).forEach(found::add);
        }
        return found;
    }

    private static String parameters(Map<String, String> parameters) {
        StringBuilder out = new StringBuilder();
        parameters.forEach((k, v) -> out.append(' ').append(k).append(v.isEmpty() ? "" : "=" + v));
        return out.toString();
    }

    private List<RecipientResult> recipientResults(List<Reply> replies) {
        List<RecipientResult> out = new ArrayList<>();
        List<String> recipients = email.recipients();
        for (int i = 0; i < recipients.size(); i++) {
            if (i < replies.size()) {
                Reply r = replies.get(i);
                // RFC 5321 4.2.5: 250 and 251 accept a recipient
                RecipientStatus s = r.code() == 250 || r.code() == 251 ? RecipientStatus.ACCEPTED
                        : RecipientStatus.REFUSED;
                out.add(new RecipientResult(recipients.get(i), s, Optional.of(Abort.publicReply(r)), ""));
            } else {
                out.add(new RecipientResult(recipients.get(i), RecipientStatus.NOT_SENT, Optional.empty(),
                        "not sent: the transaction stopped before this RCPT"));
            }
        }
        return out;
    }

    static List<RecipientResult> notSent(List<String> recipients, String detail) {
        return recipients.stream()
                .map(r -> new RecipientResult(r, RecipientStatus.NOT_SENT, Optional.empty(), detail)).toList();
    }

    static Optional<String> queueId(Reply reply) {
        for (String line : reply.lines()) {
            Matcher m = QUEUE_ID.matcher(line);
            if (m.find()) {
                String id = m.group(1);
                while (id.endsWith(".")) {
                    id = id.substring(0, id.length() - 1);
                }
                return id.isEmpty() ? Optional.empty() : Optional.of(id);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "MailTransaction{" + email + ", " + String.join(",", caps.describe().toLowerCase(Locale.ROOT)) + "}";
    }
}
