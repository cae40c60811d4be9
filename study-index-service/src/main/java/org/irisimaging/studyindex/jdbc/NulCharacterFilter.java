package org.irisimaging.studyindex.jdbc;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.List;
import java.util.Map;
import org.irisimaging.baseline.problem.ProblemException;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses, with 400, a query parameter whose name or value holds a NUL character ({@code %00}):
 * PostgreSQL text cannot hold one, so such a value (a QIDO string key, an audit filter) would reach
 * the database only to fail there as a 500. One check for every resource of this service.
 */
public class NulCharacterFilter {

    @ServerRequestFilter
    public void refuseNul(ContainerRequestContext request) {
        MultivaluedMap<String, String> parameters = request.getUriInfo().getQueryParameters();
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            if (hasNul(parameter.getKey()) || parameter.getValue().stream().anyMatch(NulCharacterFilter::hasNul)) {
                throw ProblemException.badRequest("A query parameter holds a NUL character");
            }
        }
    }

    private static boolean hasNul(String s) {
        return s != null && s.indexOf('\0') >= 0;
    }
}
