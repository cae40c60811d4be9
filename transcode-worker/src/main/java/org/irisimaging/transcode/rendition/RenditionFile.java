package org.irisimaging.transcode.rendition;

/** A rendition made: its Part 10 bytes and the number of frames they hold. */
record RenditionFile(byte[] part10, int frames) {
}
