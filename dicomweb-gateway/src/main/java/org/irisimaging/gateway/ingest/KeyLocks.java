package org.irisimaging.gateway.ingest;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Striped locks: ingests of the same blob key run one after the other in this process, so that one
 * ingest's compensation (removing or restoring a blob) cannot undo another's concurrent success.
 * Different keys rarely share a stripe and never wait long for each other.
 */
final class KeyLocks {

    private final ReentrantLock[] stripes;

    KeyLocks(int stripes) {
        this.stripes = new ReentrantLock[stripes];
        for (int i = 0; i < stripes; i++) {
            this.stripes[i] = new ReentrantLock();
        }
    }

    ReentrantLock of(String key) {
        return stripes[Math.floorMod(key.hashCode(), stripes.length)];
    }
}
