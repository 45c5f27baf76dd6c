package io.smartleadkafkaroutes.api;

import java.io.InterruptedIOException;
import java.time.Duration;

/**
 * The reply to an API request was not complete within {@code smartlead.api.request-deadline}: a timeout,
 * as a read timeout is, and retried like one.
 */
public class RequestDeadlineExceededException extends InterruptedIOException {

    public RequestDeadlineExceededException(Duration deadline, Throwable abortedRead) {
        super("no complete reply within smartlead.api.request-deadline=" + deadline.toMillis() + " ms");
        initCause(abortedRead);
    }
}
