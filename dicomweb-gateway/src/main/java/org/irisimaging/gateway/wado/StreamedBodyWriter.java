package org.irisimaging.gateway.wado;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveResourceInfo;
import org.jboss.resteasy.reactive.server.spi.ServerHttpRequest;
import org.jboss.resteasy.reactive.server.spi.ServerMessageBodyWriter;
import org.jboss.resteasy.reactive.server.spi.ServerRequestContext;

/**
 * Writes {@link StreamedBody} responses through a {@link ResponseStream} on the Vert.x response;
 * elsewhere (no Vert.x response to write to) through the plain output stream.
 */
@Provider
public class StreamedBodyWriter implements ServerMessageBodyWriter<StreamedBody> {

    private static final Logger LOG = Logger.getLogger(StreamedBodyWriter.class);

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, ResteasyReactiveResourceInfo target,
                               MediaType mediaType) {
        return StreamedBody.class.isAssignableFrom(type);
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return StreamedBody.class.isAssignableFrom(type);
    }

    @Override
    public void writeResponse(StreamedBody body, Type genericType, ServerRequestContext context) throws IOException {
        ServerHttpRequest request = context instanceof ResteasyReactiveRequestContext r ? r.serverRequest() : null;
        HttpServerResponse response = request == null ? null : request.unwrap(HttpServerResponse.class);
        if (response == null) {
            try (OutputStream out = context.getOrCreateOutputStream()) {
                body.writeTo(out);
            }
            return;
        }
        ResponseStream out = new ResponseStream(response, FileRegions.of(request.unwrap(HttpServerRequest.class)));
        try {
            body.writeTo(out);
            out.close();
        } catch (IOException | RuntimeException e) {
            // The status and the first parts may be out already: nothing left to report but a cut connection.
            if (e instanceof ResponseStream.ClientGone || response.closed()) {
                LOG.debugf("Client went away during the response: %s", e.toString());
            } else {
                LOG.warnf(e, "Response cut short");
            }
            out.abort();
        }
    }

    @Override
    public void writeTo(StreamedBody body, Class<?> type, Type genericType, Annotation[] annotations,
                        MediaType mediaType, MultivaluedMap<String, Object> httpHeaders, OutputStream entityStream)
            throws IOException, WebApplicationException {
        body.writeTo(entityStream);
    }
}
