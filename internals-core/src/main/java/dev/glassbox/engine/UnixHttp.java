package dev.glassbox.engine;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP/1.1 to the engine over its Unix socket: one connection per request, blocking, no
 * threads. The command line makes one or two requests and exits, so what it needs is a client
 * that costs nothing to start: a full client (Jetty's, with its selector, thread pool and TLS
 * set-up) took about 0.6 s of a 1 s {@code glassbox ps} before its first byte was sent, and
 * the JDK's own HttpClient does not speak to Unix sockets. The engine's server stays Jetty.
 *
 * <p>What it speaks: a request with a body of known length or a chunked one (a streamed tar);
 * an answer with Content-Length, chunked, or until the engine closes (a log follow).
 */
final class UnixHttp {
    private final Path socket;

    UnixHttp(Path socket) {
        this.socket = socket;
    }

    /** The body of a request: written to the connection once the headers are out. */
    interface Body {
        String contentType();

        /** The length in bytes, or -1 to send it chunked. */
        long length();

        void writeTo(OutputStream out) throws IOException;

        static Body of(String contentType, byte[] bytes) {
            return new Body() {
                public String contentType() { return contentType; }

                public long length() { return bytes.length; }

                public void writeTo(OutputStream out) throws IOException { out.write(bytes); }
            };
        }

        /** A stream of unknown length: sent chunked, as it is read. */
        static Body of(String contentType, InputStream in) {
            return new Body() {
                public String contentType() { return contentType; }

                public long length() { return -1; }

                public void writeTo(OutputStream out) throws IOException { in.transferTo(out); }
            };
        }

        static Body of(String contentType, Path file) throws IOException {
            long size = java.nio.file.Files.size(file); // fails here, before connecting, when the file is missing
            return new Body() {
                public String contentType() { return contentType; }

                public long length() { return size; }

                public void writeTo(OutputStream out) throws IOException { java.nio.file.Files.copy(file, out); }
            };
        }
    }

    /** An answer whose headers have arrived; {@link #body()} reads the rest as it comes. Close it. */
    static final class Response implements AutoCloseable {
        private final SocketChannel channel;
        private final int status;
        private final Map<String, String> headers;
        private final InputStream body;

        private Response(SocketChannel channel, int status, Map<String, String> headers, InputStream body) {
            this.channel = channel;
            this.status = status;
            this.headers = headers;
            this.body = body;
        }

        int status() { return status; }

        /** A header's value, the name in any case; null when absent. */
        String header(String name) { return headers.get(name.toLowerCase(Locale.ROOT)); }

        InputStream body() { return body; }

        /** The whole body as text; closes the answer. */
        String text() throws IOException {
            try (this) {
                return new String(body.readAllBytes(), StandardCharsets.UTF_8);
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /** See {@link EngineClient#prepareInBackground}: nothing is connected or sent. */
    static void prepare() {
        try {
            SocketChannel.open(StandardProtocolFamily.UNIX).close();
            StreamingJson.text("{\"Id\":\"0\"}", "Id");
        } catch (IOException | RuntimeException e) {
            // only a head start: the request itself reports what is wrong
        }
    }

    /**
     * Sends a request and waits for the answer's headers.
     *
     * @param timeoutMillis how long connecting, sending and the headers may take; 0 for no limit
     *                      (a {@code wait} lasts as long as the container)
     * @throws IOException when the engine cannot be reached or breaks off
     */
    Response exchange(String method, String target, Body body, long timeoutMillis) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        Thread watchdog = timeoutMillis > 0 ? watchdog(ch, timeoutMillis) : null;
        try {
            ch.connect(UnixDomainSocketAddress.of(socket));
            OutputStream raw = Channels.newOutputStream(ch);
            OutputStream out = new java.io.BufferedOutputStream(raw, 16 * 1024);
            StringBuilder head = new StringBuilder(256)
                    .append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                    .append("Host: glassbox\r\nConnection: close\r\n");
            if (body != null) {
                head.append("Content-Type: ").append(body.contentType()).append("\r\n");
                if (body.length() >= 0) head.append("Content-Length: ").append(body.length()).append("\r\n");
                else head.append("Transfer-Encoding: chunked\r\n");
            }
            head.append("\r\n");
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                if (body.length() >= 0) {
                    body.writeTo(out);
                } else {
                    ChunkedOutput chunked = new ChunkedOutput(out);
                    body.writeTo(chunked);
                    chunked.finish();
                }
            }
            out.flush();

            InputStream in = new java.io.BufferedInputStream(Channels.newInputStream(ch), 16 * 1024);
            int status = statusOf(readLine(in));
            Map<String, String> headers = new TreeMap<>();
            for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
                int colon = line.indexOf(':');
                if (colon > 0) headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
            if (watchdog != null) watchdog.interrupt(); // the headers are in: the body may take as long as it takes
            InputStream bodyIn;
            String length = headers.get("content-length");
            if (method.equals("HEAD") || status == 204 || status == 304) bodyIn = InputStream.nullInputStream();
            else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) bodyIn = new ChunkedInput(in);
            else if (length != null) bodyIn = new LimitedInput(in, Long.parseLong(length));
            else bodyIn = in; // until the engine closes
            return new Response(ch, status, headers, bodyIn);
        } catch (IOException | RuntimeException e) {
            ch.close();
            if (watchdog != null && !watchdog.isAlive() && !(e instanceof java.net.SocketTimeoutException)) {
                throw new java.net.SocketTimeoutException("no answer from the engine within " + timeoutMillis + " ms");
            }
            throw e;
        } finally {
            if (watchdog != null) watchdog.interrupt();
        }
    }

    /** Closes the channel when time is up, which ends a blocked connect, write or read. */
    private static Thread watchdog(SocketChannel ch, long millis) {
        return Thread.ofPlatform().daemon().name("glassbox-http-timeout").start(() -> {
            try {
                Thread.sleep(millis);
                ch.close();
            } catch (InterruptedException | IOException done) {
                // the answer came in time, or the channel is closed already
            }
        });
    }

    private static int statusOf(String line) throws IOException {
        // "HTTP/1.1 200 OK"
        String[] parts = line.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) throw new IOException("not an HTTP answer: " + line);
        try {
            return Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP status line: " + line, e);
        }
    }

    /** One CRLF-terminated header line, without its terminator. */
    static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        for (int b = in.read(); ; b = in.read()) {
            if (b < 0) throw new EOFException("the engine closed the connection in the middle of an answer");
            if (b == '\n') break;
            line.write(b);
        }
        byte[] bytes = line.toByteArray();
        int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
    }

    /** A body read in blocks; a single byte is a block of one. */
    abstract static class BodyInput extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }
    }

    /** A body of Content-Length bytes. */
    private static final class LimitedInput extends BodyInput {
        private final InputStream in;
        private long left;

        LimitedInput(InputStream in, long length) {
            this.in = in;
            this.left = length;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) return -1;
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) throw new EOFException("the engine's answer ended " + left + " bytes early");
            left -= n;
            return n;
        }
    }

    /** A chunked body (RFC 9112 section 7.1): size line, data, CRLF, until a zero-size chunk. */
    static final class ChunkedInput extends BodyInput {
        private final InputStream in;
        private long left; // of the current chunk
        private boolean done;

        ChunkedInput(InputStream in) {
            this.in = in;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) return -1;
            if (left == 0) {
                String size = readLine(in);
                int semi = size.indexOf(';'); // chunk extensions: none from Jetty, ignored anyway
                left = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                if (left == 0) {
                    while (!readLine(in).isEmpty()) {
                        // trailer fields: none expected
                    }
                    done = true;
                    return -1;
                }
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) throw new EOFException("the engine's answer broke off in the middle of a chunk");
            left -= n;
            if (left == 0) readLine(in); // the CRLF after the data
            return n;
        }

        @Override
        public int available() throws IOException {
            return done ? 0 : (int) Math.min(left, in.available());
        }
    }

    /** Writes what it is given as chunks; {@link #finish()} sends the last, empty chunk. */
    static final class ChunkedOutput extends OutputStream {
        private final OutputStream out;

        ChunkedOutput(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len == 0) return; // an empty chunk would end the body
            out.write((Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(b, off, len);
            out.write('\r');
            out.write('\n');
        }

        void finish() throws IOException {
            out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
    }
}
