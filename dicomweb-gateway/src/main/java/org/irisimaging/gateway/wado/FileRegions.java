package org.irisimaging.gateway.wado;

import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.http.HttpContentCompressor;
import io.netty.handler.ssl.SslHandler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.impl.ConnectionBase;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Files sent into a chunked HTTP/1.1 response without passing through the JVM: each goes to the
 * connection as a Netty {@link DefaultFileRegion} ({@code sendfile}), which Netty's HTTP encoder
 * frames as a chunk between the buffers written before and after it. Vert.x offers
 * {@code sendFile} only for a whole response, not for the parts of a multipart body, so this writes
 * to its connection ({@link ConnectionBase}, an internal class of the Vert.x that Quarkus pins).
 * {@link #of} gives none where the pipeline cannot carry file regions (TLS, HTTP/2, compression):
 * files are then copied through buffers ({@link ResponseStream}).
 *
 * <p>At most {@value #IN_FLIGHT} files are queued on the connection at once (Netty does not count
 * file regions against the write queue's limit), each file open until sent.
 */
final class FileRegions {

    private static final int IN_FLIGHT = 16;
    private static final int STALLED_SECONDS = 60;

    private final ConnectionBase connection;
    private final Semaphore slots = new Semaphore(IN_FLIGHT);
    private volatile Throwable failure;

    private FileRegions(ConnectionBase connection) {
        this.connection = connection;
    }

    /** Zero-copy sending for this request's response, or {@code null} where its connection cannot. */
    static FileRegions of(HttpServerRequest request) {
        if (request == null || request.version() != HttpVersion.HTTP_1_1 || request.isSSL()
                || !(request.connection() instanceof ConnectionBase connection)) {
            return null;
        }
        ChannelPipeline pipeline = connection.channel().pipeline();
        if (pipeline.get(SslHandler.class) != null || pipeline.get(HttpContentCompressor.class) != null) {
            return null;
        }
        return new FileRegions(connection);
    }

    /**
     * Queues the rest of {@code file} after what was written to the response so far. Takes the file
     * over: it is closed once sent, or when sending fails.
     *
     * @param clientGone whether the client has closed the connection (then this gives up)
     */
    void send(FileChannel file, BooleanSupplier clientGone) throws IOException {
        DefaultFileRegion region;
        try {
            long position = file.position();
            region = new DefaultFileRegion(file, position, file.size() - position);
            awaitSlot(clientGone);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
        ChannelPromise sent = connection.channel().newPromise();
        sent.addListener(done -> {
            if (!done.isSuccess()) {
                failure = done.cause();
            }
            slots.release();
        });
        connection.writeToChannel(region, sent); // released, so closed, by Netty once written or failed
    }

    private void awaitSlot(BooleanSupplier clientGone) throws IOException {
        for (int waited = 0; ; waited++) {
            if (failure != null) {
                // the connection's own errors (reset, broken pipe, closed): the client left
                throw failure instanceof IOException ? new ResponseStream.ClientGone("sending a file failed", failure)
                        : new IOException("sending a file failed", failure);
            }
            if (clientGone.getAsBoolean()) {
                throw new ResponseStream.ClientGone("client closed the connection", null);
            }
            if (waited == STALLED_SECONDS) {
                throw new IOException("client read nothing for " + STALLED_SECONDS + " s");
            }
            try {
                if (slots.tryAcquire(1, TimeUnit.SECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while the client was reading");
            }
        }
    }
}
