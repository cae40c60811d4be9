package org.irisimaging.gateway.wado;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A response body written part by part, like JAX-RS's {@code StreamingOutput}, but handed a
 * {@link ResponseStream} on Vert.x ({@link StreamedBodyWriter}), into which stored files are
 * transferred without copies on the heap ({@link InstanceFiles#write}).
 */
@FunctionalInterface
interface StreamedBody {

    /** Writes the body to {@code out}, which it must not close. */
    void writeTo(OutputStream out) throws IOException;
}
