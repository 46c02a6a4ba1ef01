package dev.smtptestkit;

import dev.smtptestkit.DeliveryResult.RecipientResult;
import dev.smtptestkit.DeliveryResult.RecipientStatus;
import dev.smtptestkit.DeliveryResult.Status;
import dev.smtptestkit.internal.client.Stops;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The receiver's relay: each accepted email handed to an {@link SmtpSender}, to the recipients the
 * allow-list matches only. Built by {@code SmtpReceiver.Builder.relay}, which refuses a target off
 * this machine without an allow-list, so a test cannot mail a real person by mistake.
 */
final class Relay {

    private final SmtpSender sender;
    private final Pattern allowed; // null: every recipient (loopback targets only)

    private Relay(SmtpSender sender, Pattern allowed) {
        this.sender = sender;
        this.allowed = allowed;
    }

    static Relay of(SmtpSender sender, Pattern allowed) {
        if (allowed == null && !sender.isLoopbackTarget()) {
            throw new IllegalArgumentException("Cannot relay to " + sender.target() + " without a recipient "
                    + "allow-list: the target is not a loopback address, so mail could reach real people. Use "
                    + "relay(sender, Pattern.compile(\".*@example\\\\.test\")) to name the recipients that may get it");
        }
        return new Relay(sender, allowed);
    }

    /**
     * Relays one email; the sender reports problems as results and throws nothing.
     *
     * @param stops the receiver's running relays, which its close() stops
     */
    DeliveryResult relay(ReceivedEmail email, Stops stops) {
        List<String> recipients = email.envelope().recipients();
        List<String> sendTo = new ArrayList<>();
        for (String r : recipients) {
            if (allowed == null || allowed.matcher(r).matches()) {
                sendTo.add(r);
            }
        }
        String outside = "not sent: outside the relay allow-list " + (allowed == null ? "" : allowed.pattern());
        if (sendTo.isEmpty()) {
            List<RecipientResult> none = recipients.stream()
                    .map(r -> new RecipientResult(r, RecipientStatus.NOT_SENT, Optional.empty(), outside)).toList();
            return new DeliveryResult(Status.NOT_DELIVERED, none, Optional.empty(), Optional.empty(),
                    Optional.empty(), new Transcript("relay-" + email.id(), List.of()));
        }
        OutgoingEmail out = OutgoingEmail.of(email);
        DeliveryResult sent = sender.send(sendTo.size() == recipients.size() ? out : out.withRecipients(sendTo), stops);
        if (sendTo.size() == recipients.size()) {
            return sent;
        }
        List<RecipientResult> all = new ArrayList<>();
        int next = 0;
        for (String r : recipients) {
            if (next < sendTo.size() && sendTo.get(next).equals(r) && (allowed.matcher(r).matches())) {
                all.add(sent.recipients().get(next++));
            } else {
                all.add(new RecipientResult(r, RecipientStatus.NOT_SENT, Optional.empty(), outside));
            }
        }
        Status status = sent.status() == Status.NOT_DELIVERED ? Status.NOT_DELIVERED : Status.PARTIALLY_DELIVERED;
        return new DeliveryResult(status, all, sent.finalReply(), sent.queueId(), sent.failure(), sent.transcript());
    }

    @Override
    public String toString() {
        return "Relay{" + sender.target() + (allowed == null ? "" : ", allow " + allowed.pattern()) + "}";
    }
}
