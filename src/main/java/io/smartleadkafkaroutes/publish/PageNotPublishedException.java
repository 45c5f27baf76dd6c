package io.smartleadkafkaroutes.publish;


/**
 * A page's transaction did not commit (no broker in time, fenced by another holder of the transactional
 * id, ...): none of its contacts is published or remembered, so the next poll sends them again.
 */
public final class PageNotPublishedException extends RuntimeException {

    private final transient PreparedPage page;

    public PageNotPublishedException(PreparedPage page, RuntimeException cause) {
        super("a page of " + page.records().size() + " contacts was not published: " + cause, cause);
        this.page = page;
    }

    public PreparedPage page() {
        return page;
    }
}
