package org.irisimaging.gateway.wado;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.quarkus.vertx.utils.NoBoundChecksBuffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A response body written from a worker thread straight into pooled direct buffers handed to the
 * Vert.x response, with stored files sent by the kernel ({@link FileRegions}) or, where that
 * cannot be, read into those buffers with no copy on the Java heap ({@link #transfer}). A
 * whole-study retrieval through a plain {@link OutputStream} copies every byte twice more (file to
 * heap array, array to the response's buffer), which made the gateway, not the disk or the
 * network, the limit of WADO-RS.
 *
 * <p>Writes wait while the connection's write queue is full (the client reads slower than the
 * files are read), and give up with an {@link IOException} when the client has gone or has read
 * nothing for {@link #STALLED_SECONDS} seconds.
 */
final class ResponseStream extends OutputStream {

    /**
     * Bytes per buffer handed to the response: the pool's chunk size, at most 256 KiB. Larger
     * buffers are not pooled (Quarkus sets Netty's chunks to 64 KiB): allocated and freed each time.
     */
    static final int CHUNK = Math.min(256 * 1024, PooledByteBufAllocator.DEFAULT.metric().chunkSize());
    /** Bytes queued on the connection before writes wait. */
    private static final int WRITE_QUEUE_BYTES = 1024 * 1024;
    private static final int STALLED_SECONDS = 60;

    private final HttpServerResponse response;
    private final FileRegions fileRegions;
    private ByteBuf buffer;
    private boolean closed;

    /** @param fileRegions how files go without copies, or {@code null}: through the buffers */
    ResponseStream(HttpServerResponse response, FileRegions fileRegions) {
        this.response = response;
        this.fileRegions = fileRegions;
        response.setChunked(true);
        response.setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
    }

    @Override
    public void write(int b) throws IOException {
        writable().writeByte(b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        while (length > 0) {
            ByteBuf out = writable();
            int n = Math.min(length, out.writableBytes());
            out.writeBytes(bytes, offset, n);
            offset += n;
            length -= n;
        }
    }

    /**
     * Writes everything left in {@code channel}, which it takes over (closed once written): a file
     * by {@link FileRegions} when the connection allows, else read directly into the response's
     * buffers.
     */
    void transfer(ReadableByteChannel channel) throws IOException {
        if (fileRegions != null && channel instanceof FileChannel file) {
            try {
                flush(); // what precedes the file goes first
            } catch (IOException e) {
                file.close();
                throw e;
            }
            fileRegions.send(file, response::closed);
            return;
        }
        try (channel) {
            while (true) {
                ByteBuf out = writable();
                int n = channel.read(out.nioBuffer(out.writerIndex(), out.writableBytes()));
                if (n < 0) {
                    return;
                }
                out.writerIndex(out.writerIndex() + n);
            }
        }
    }

    /** The current buffer with room in it; a full one is sent first. */
    private ByteBuf writable() throws IOException {
        if (closed) {
            throw new IOException("response already ended");
        }
        if (buffer != null && !buffer.isWritable()) {
            flush();
        }
        if (buffer == null) {
            buffer = PooledByteBufAllocator.DEFAULT.directBuffer(CHUNK, CHUNK);
        }
        return buffer;
    }

    @Override
    public void flush() throws IOException {
        if (buffer == null || !buffer.isReadable()) {
            return;
        }
        ByteBuf full = buffer;
        buffer = null;
        try {
            awaitRoom();
        } catch (IOException e) {
            full.release();
            throw e;
        }
        // Quarkus's own wrapper hands the transport this very buffer, which releases it once
        // written (Vert.x's Buffer.buffer(ByteBuf) would wrap it as unreleasable: a leak).
        response.write(new NoBoundChecksBuffer(full));
    }

    private void awaitRoom() throws IOException {
        for (int waited = 0; response.writeQueueFull(); waited++) {
            if (response.closed()) {
                throw new ClientGone("client closed the connection", null);
            }
            if (waited == STALLED_SECONDS) {
                throw new IOException("client read nothing for " + STALLED_SECONDS + " s");
            }
            CompletableFuture<Void> drained = new CompletableFuture<>();
            response.drainHandler(ignored -> drained.complete(null));
            if (!response.writeQueueFull()) {
                return; // drained before the handler was in place
            }
            try {
                drained.get(1, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                // check the connection, then wait again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while the client was reading");
            } catch (ExecutionException e) {
                throw new IOException(e.getCause());
            }
        }
    }

    /** The client went away before the response was complete: nothing to report. */
    static final class ClientGone extends IOException {
        private static final long serialVersionUID = 1L;

        ClientGone(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Sends what is left and ends the response. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        flush();
        closed = true;
        response.end();
    }

    /**
     * After a failure part-way: the buffer is released and the connection reset, so the client sees
     * an incomplete response rather than a body that looks whole.
     */
    void abort() {
        if (buffer != null) {
            buffer.release();
            buffer = null;
        }
        closed = true;
        response.reset();
    }
}
