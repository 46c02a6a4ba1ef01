/** Socket I/O: the accept loop, connections, framing and threads. Internal: no compatibility promise. */
package dev.smtptestkit.internal.net;
