package io.distill.server.rest;

import io.distill.contract.jobs.Ids;
import io.distill.server.problems.UnknownIdException;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Answers 404 to a path whose id is not an id ({@link Ids}: a NUL byte, a space, 201 characters...)
 * before the resource runs, so such an id never reaches the database or the object store, which
 * would refuse it with an error of their own. Every path parameter of every resource is an id.
 */
public class PathIds {

    @ServerRequestFilter
    public void check(UriInfo uri) {
        for (Map.Entry<String, List<String>> parameter : uri.getPathParameters().entrySet()) {
            for (String value : parameter.getValue()) {
                if (!Ids.valid(value)) {
                    throw UnknownIdException.malformed(value);
                }
            }
        }
    }
}
