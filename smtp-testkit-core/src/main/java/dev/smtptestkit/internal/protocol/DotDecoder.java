package dev.smtptestkit.internal.protocol;

/**
 * The DATA transparency state machine of RFC 5321 4.5.2, one octet at a time. The 354 reply
 * counts as the preceding line end, so the first line is checked for a leading dot too. The end of
 * data is only CRLF "." CRLF: LF.LF, CR.CR, LF.CRLF and the like are content (SMTP smuggling,
 * CVE-2023-51764). A leading dot is removed from every line that has one.
 */
final class DotDecoder {

    private enum State { LINE_START, DOT, DOT_CR, TEXT, CR }

    private State state = State.LINE_START;

    /**
     * Feeds octets into the sink until the end-of-data sequence is consumed.
     *
     * @return how many octets were consumed, or -1 - consumed when the end of data was reached
     */
    int feed(byte[] in, int off, int n, MessageSink sink) {
        for (int k = 0; k < n; k++) {
            int b = in[off + k] & 0xFF;
            if (b != '\r' && (state == State.TEXT || state == State.LINE_START && b != '.')) {
                // Up to the next CR every octet is content as it is: hand the run over at once.
                int end = k + 1;
                while (end < n && in[off + end] != '\r') {
                    end++;
                }
                sink.write(in, off + k, end - k);
                state = State.TEXT;
                k = end - 1;
                continue;
            }
            switch (state) {
                case LINE_START:
                    if (b == '.') {
                        state = State.DOT;
                    } else {
                        text(b, sink);
                    }
                    break;
                case DOT:
                    if (b == '\r') {
                        state = State.DOT_CR;
                    } else {
                        text(b, sink); // the leading dot is dropped
                    }
                    break;
                case DOT_CR:
                    if (b == '\n') {
                        state = State.LINE_START;
                        return -1 - (k + 1);
                    }
                    state = State.CR; // ".\r" then something else: the dot is dropped, the CR kept
                    cr(b, sink);
                    break;
                case TEXT:
                    text(b, sink);
                    break;
                case CR:
                    cr(b, sink);
                    break;
                default:
                    throw new IllegalStateException(state.name());
            }
        }
        return n;
    }

    private void text(int b, MessageSink sink) {
        if (b == '\r') {
            state = State.CR;
        } else {
            sink.write(b);
            state = State.TEXT; // a bare LF does not start a line for the end-of-data check
        }
    }

    private void cr(int b, MessageSink sink) {
        sink.write('\r');
        if (b == '\n') {
            sink.write('\n');
            state = State.LINE_START;
        } else {
            text(b, sink); // a bare CR: kept, and the octet after it is ordinary content
        }
    }
}
