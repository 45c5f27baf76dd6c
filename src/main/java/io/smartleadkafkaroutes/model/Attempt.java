package io.smartleadkafkaroutes.model;


/**
 * One fetch-contacts request in flight and the attempts at it: the request (the body of each attempt,
 * and of a dead letter's {@code request}), how many attempts were made, the last one's failure when no
 * reply came, and whether its contacts were asked for by id. It rides beside the body, which is the reply.
 */
public final class Attempt {

    /** The exchange property of the request in flight and its attempts. */
    public static final String PROPERTY = "apiRequest";

    private final FetchRequest request;
    private final boolean askedFor;
    private int made;
    private Throwable failure;

    public Attempt(FetchRequest request) {
        this(request, false);
    }

    /** {@code askedFor}: contacts a fetch request named, published even if unchanged. */
    public Attempt(FetchRequest request, boolean askedFor) {
        this.request = request;
        this.askedFor = askedFor;
    }

    public FetchRequest request() {
        return request;
    }

    /** Whether the request is for contacts asked for by id (a fetch request), published even if unchanged. */
    public boolean askedFor() {
        return askedFor;
    }

    public int made() {
        return made;
    }

    /** No reply at all to the last attempt (or one too large to read), forgotten once asked; null when a reply came. */
    public Throwable takeFailure() {
        Throwable last = failure;
        failure = null;
        return last;
    }

    public void failed(Throwable noReply) {
        failure = noReply;
    }

    public void counted() {
        made++;
    }
}
