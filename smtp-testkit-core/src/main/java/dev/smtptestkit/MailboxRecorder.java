package dev.smtptestkit;

import dev.smtptestkit.internal.client.Stops;
import dev.smtptestkit.internal.content.Content;
import dev.smtptestkit.internal.net.Recorder;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * The receiver's {@link Recorder}: puts what connections report into the {@link Mailbox} and tells
 * the listeners. It lives next to the mailbox, so the email is built here (its constructor over
 * received blocks is package-private) and the mailbox learns of it directly.
 */
final class MailboxRecorder implements Recorder {

    private static final System.Logger LOG = System.getLogger(SmtpReceiver.class.getName());

    private final Mailbox mailbox;
    private final List<SmtpListener> listeners;
    private final DeliveryHandler handler; // null: none
    private final Relay relay; // null: none
    private final Stops relays = new Stops(); // this receiver's running relays

    MailboxRecorder(Mailbox mailbox, List<SmtpListener> listeners, DeliveryHandler handler, Relay relay) {
        this.mailbox = mailbox;
        this.listeners = List.copyOf(listeners);
        this.handler = handler;
        this.relay = relay;
    }

    /** Records an event of the receiver's own (of no session) and tells the listeners. */
    void event(SmtpEvent event) {
        mailbox.store().event(event);
        tell(event);
    }

    @Override
    public SessionLog open(String sessionId) {
        return new Log(new Recordings.Handle(sessionId));
    }

    /** One session's recording: its record in the mailbox is held, not looked up each time. */
    private final class Log implements SessionLog {
        private final Recordings.Handle handle;

        Log(Recordings.Handle handle) {
            this.handle = handle;
        }

        @Override
        public void event(SmtpEvent event) {
            mailbox.store().event(handle, event);
            tell(event);
        }

        @Override
        public void transcript(Transcript.Line line) {
            mailbox.store().line(handle, line);
        }

        @Override
        public void replied(Transcript.Line[] lines, SmtpEvent event) {
            mailbox.store().lines(handle, lines, event);
            if (event != null) {
                tell(event);
            }
        }

        @Override
        public void violation(ProtocolViolation violation) {
            mailbox.store().violation(handle, violation);
        }

        @Override
        public HandOver delivered(String id, Envelope envelope, Content content, Instant receivedAt,
                                  boolean replySent) {
            return deliver(handle, id, envelope, content, receivedAt, replySent);
        }
    }

    private void tell(SmtpEvent event) {
        for (SmtpListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException | Error e) {
                if (e instanceof VirtualMachineError vme) {
                    throw vme;
                }
                LOG.log(System.Logger.Level.WARNING, "SmtpListener " + listener.getClass().getName()
                        + " threw on " + event.getClass().getSimpleName() + "; the session goes on", e);
            }
        }
    }

    /**
     * Ends every relay in progress, and every later one as it starts: the receiver is closing, and
     * a target that stalls must not hold a session past the receiver's grace period. The relayed
     * email is recorded with a {@code DROPPED} result saying so.
     */
    void stopRelays() {
        relays.stopAll();
    }

    private HandOver deliver(Recordings.Handle session, String id, Envelope envelope, Content content,
                             Instant receivedAt, boolean replySent) {
        ReceivedEmail email = new ReceivedEmail(id, envelope, content, receivedAt, replySent);
        HandOver kept = handOver(email);
        if (kept == HandOver.STORED) {
            if (relay != null) {
                // relayed before it is recorded, so a recorded email always shows its relay result
                email.relayed(relay.relay(email, relays));
            }
            SmtpEvent received = new SmtpEvent.EmailReceived(receivedAt, envelope.sessionId(), email);
            mailbox.store().email(session, email, received);
            tell(received);
        }
        return kept;
    }

    // The delivery handler runs on the session's thread, before the email is recorded and answered.
    private HandOver handOver(ReceivedEmail email) {
        if (handler == null) {
            return HandOver.STORED;
        }
        try {
            handler.deliver(email);
            return HandOver.STORED;
        } catch (IOException e) {
            return HandOver.NO_STORAGE;
        } catch (RuntimeException | Error e) {
            if (e instanceof VirtualMachineError vme) {
                throw vme;
            }
            LOG.log(System.Logger.Level.WARNING, "DeliveryHandler " + handler.getClass().getName()
                    + " threw on email " + email.id() + "; the client gets 451 and the email is not recorded", e);
            return HandOver.FAILED;
        }
    }
}
