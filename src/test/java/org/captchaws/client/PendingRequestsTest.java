package org.captchaws.client;

import org.captchaws.testing.Concurrently;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PendingRequestsTest {

    private final PendingRequests pending = new PendingRequests();

    @Test
    void idsAreUniqueAcrossThreadsAndDifferBetweenClients() throws Exception {
        List<List<String>> perThread = Concurrently.run(32, 20, () -> {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                ids.add(pending.open().id);
            }
            return ids;
        });
        Set<String> ids = new HashSet<>();
        perThread.forEach(ids::addAll);

        assertEquals(32_000, ids.size());
        assertNotEquals(prefix(pending.open().id), prefix(new PendingRequests().open().id));
    }

    @Test
    void eachReplyGoesToTheRequestWithItsIdInWhateverOrder() throws Exception {
        List<PendingRequests.Pending> requests = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            requests.add(pending.open());
        }
        List<PendingRequests.Pending> replyOrder = new ArrayList<>(requests);
        Collections.shuffle(replyOrder);

        for (PendingRequests.Pending request : replyOrder) {
            assertTrue(pending.complete(reply(request.id)));
        }

        for (PendingRequests.Pending request : requests) {
            assertEquals(request.id, request.reply.get().id());
        }
        assertEquals(0, pending.size());
    }

    @Test
    void aReplyForNoWaitingRequestIsDroppedAndHarmsNoOther() throws Exception {
        PendingRequests.Pending waiting = pending.open();
        PendingRequests.Pending timedOut = pending.open();
        CaptchaServiceException timeout = new CaptchaServiceException(CaptchaServiceException.TIMEOUT, "no reply", timedOut.id);
        assertTrue(pending.fail(timedOut.id, timeout));

        assertFalse(pending.complete(reply(timedOut.id)), "the late reply");
        assertFalse(pending.complete(reply("someone-else-1")));
        assertFalse(pending.complete(reply(null)));

        assertFalse(waiting.isDone());
        ExecutionException failed = assertThrows(ExecutionException.class, () -> timedOut.reply.get());
        assertSame(timeout, failed.getCause());
        assertTrue(pending.complete(reply(waiting.id)));
        assertEquals(waiting.id, waiting.reply.get().id());
    }

    @Test
    void aLostConnectionFailsOnlyTheRequestsSentOnIt() {
        Object lost = new Object();
        Object other = new Object();
        PendingRequests.Pending onLost = pending.open();
        onLost.sentOn = lost;
        PendingRequests.Pending onOther = pending.open();
        onOther.sentOn = other;
        PendingRequests.Pending notSent = pending.open();

        pending.failSentOn(lost, id -> new CaptchaServiceException(CaptchaServiceException.CONNECTION_LOST, "lost", id));

        assertTrue(onLost.reply.isCompletedExceptionally());
        assertFalse(onOther.isDone());
        assertFalse(notSent.isDone());
        assertEquals(2, pending.size());
    }

    private static Wire.Reply reply(String id) {
        return new Wire.Reply(id, 0, "successful", jakarta.json.JsonValue.EMPTY_JSON_OBJECT);
    }

    private static String prefix(String id) {
        return id.substring(0, id.indexOf('-'));
    }
}
