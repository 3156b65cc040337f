package org.captchaws.protocol;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import org.captchaws.image.ImageCaptchaService;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;

/**
 * Routes each request to its operation and runs it on the container's managed executor, so
 * that rendering, file writes and (later) SMS calls never run on the WebSocket I/O threads
 * and one slow request holds up no other connection.
 */
@ApplicationScoped
public class Dispatcher {

    @Resource
    ManagedExecutorService executor;

    @Inject
    ImageCaptchaService images;

    private Operations operations;

    @PostConstruct
    void registerOperations() {
        operations = new Operations()
                .add("captcha", "img", "generate", data -> images.generate());
    }

    public CompletionStage<Reply> dispatch(Request request) {
        Operation operation;
        try {
            operation = operations.find(request);
        } catch (CaptchaException e) {
            return CompletableFuture.completedFuture(Reply.failure(request.id(), e));
        }
        try {
            return executor.supplyAsync(() -> Operations.run(operation, request));
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(Reply.failure(request.id(), ErrorCode.BUSY));
        }
    }
}
