package dev.smtptestkit;

/**
 * Receives the events of a {@link SmtpReceiver} as they happen, one method per event, each a
 * no-op by default. Methods are called on the receiver's threads (the session's own thread for
 * session events), so keep them short and thread-safe. An exception thrown by a listener is
 * logged and ignored: it never breaks the session or the receiver. A {@link VirtualMachineError}
 * (a {@link StackOverflowError}, say) is not ignored: it ends the session it was thrown in, which
 * is closed and recorded with {@link DisconnectReason#IO_ERROR}; the receiver and its other
 * sessions go on. The error then ends the session's thread as an uncaught exception, reported by
 * the thread's uncaught-exception handler (an Awaitility {@code await()} running at that moment
 * fails with it).
 *
 * <pre>{@code
 * SmtpReceiver receiver = SmtpReceiver.builder()
 *         .listener(new SmtpListener() {
 *             @Override
 *             public void emailReceived(SmtpEvent.EmailReceived event) {
 *                 System.out.println("got " + event.email().subject());
 *             }
 *         })
 *         .build();
 * }</pre>
 */
public interface SmtpListener {

    /**
     * The receiver is accepting connections.
     *
     * @param event the event
     */
    default void serverStarted(SmtpEvent.ServerStarted event) {
    }

    /**
     * A client connected.
     *
     * @param event the event
     */
    default void clientConnected(SmtpEvent.ClientConnected event) {
    }

    /**
     * A session ended, with its reason.
     *
     * @param event the event
     */
    default void clientDisconnected(SmtpEvent.ClientDisconnected event) {
    }

    /**
     * A command was read and answered (every command, for verbose logging).
     *
     * @param event the event
     */
    default void commandReceived(SmtpEvent.CommandReceived event) {
    }

    /**
     * A message was accepted. Called before the client receives the final 250.
     *
     * @param event the event
     */
    default void emailReceived(SmtpEvent.EmailReceived event) {
    }

    /**
     * The receiver stopped.
     *
     * @param event the event
     */
    default void serverStopped(SmtpEvent.ServerStopped event) {
    }

    /**
     * Calls the method for the event's kind; the receiver calls only this method, so overriding
     * it sees every event.
     *
     * @param event the event to dispatch
     */
    default void onEvent(SmtpEvent event) {
        if (event instanceof SmtpEvent.ServerStarted e) {
            serverStarted(e);
        } else if (event instanceof SmtpEvent.ClientConnected e) {
            clientConnected(e);
        } else if (event instanceof SmtpEvent.ClientDisconnected e) {
            clientDisconnected(e);
        } else if (event instanceof SmtpEvent.CommandReceived e) {
            commandReceived(e);
        } else if (event instanceof SmtpEvent.EmailReceived e) {
            emailReceived(e);
        } else if (event instanceof SmtpEvent.ServerStopped e) {
            serverStopped(e);
        }
    }
}
