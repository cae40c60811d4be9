package org.irisimaging.studyindex.export;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.irisimaging.studyindex.audit.DataAccessed;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A second observer of the audit seam in the tests: what the export resources raised. */
@ApplicationScoped
public class RecordedAccesses {

    private final List<DataAccessed> seen = new CopyOnWriteArrayList<>();

    void record(@Observes DataAccessed accessed) {
        seen.add(accessed);
    }

    /** Those of {@code subject}, in the order raised. */
    public List<DataAccessed> of(String subject) {
        return seen.stream().filter(a -> subject.equals(a.caller().subject())).toList();
    }
}
