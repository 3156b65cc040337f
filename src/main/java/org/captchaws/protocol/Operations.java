package org.captchaws.protocol;

import org.captchaws.failure.CaptchaException;
import org.captchaws.failure.ErrorCode;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The routing table from (type, subtype, action) to an {@link Operation} and the executor it
 * runs on, and the one place that turns an operation's outcome into a reply. Unknown names fail
 * with their own codes, so a client learns which part of its request was wrong.
 */
public final class Operations {

    private static final Logger LOG = Logger.getLogger(Operations.class.getName());

    /** An operation, its names (for the metrics) and where it runs: slow kinds of work get their own pool. */
    public record Route(String subtype, String action, Operation operation, Executor executor) {
    }

    private final Map<String, Map<String, Map<String, Route>>> byType = new HashMap<>();

    public Operations add(String type, String subtype, String action, Executor executor, Operation operation) {
        byType.computeIfAbsent(type, t -> new HashMap<>())
                .computeIfAbsent(subtype, s -> new HashMap<>())
                .put(action, new Route(subtype, action, operation, executor));
        return this;
    }

    /** Looks up the request's route; fails with the code of the first name not known. */
    public Route find(Request request) throws CaptchaException {
        Map<String, Map<String, Route>> bySubtype = byType.get(request.type());
        if (bySubtype == null) {
            throw new CaptchaException(ErrorCode.UNKNOWN_TYPE, request.type());
        }
        Map<String, Route> byAction = bySubtype.get(request.subtype());
        if (byAction == null) {
            throw new CaptchaException(ErrorCode.UNKNOWN_SUBTYPE, request.subtype());
        }
        Route route = byAction.get(request.action());
        if (route == null) {
            throw new CaptchaException(ErrorCode.UNKNOWN_ACTION, request.action());
        }
        return route;
    }

    /** Runs a found operation; anything unexpected is logged here once and reaches the client only as a code. */
    public static Reply run(Operation operation, Request request) {
        try {
            return Reply.success(request.id(), operation.run(request.data()));
        } catch (CaptchaException e) {
            // An expected outcome: whoever threw it has logged what the operator needs.
            return Reply.failure(request.id(), e);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Unexpected failure in " + request.type() + "/" + request.subtype()
                    + "/" + request.action(), e);
            return Reply.failure(request.id(), ErrorCode.INTERNAL_ERROR);
        }
    }
}
