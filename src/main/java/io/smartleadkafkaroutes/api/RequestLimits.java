package io.smartleadkafkaroutes.api;

import io.smartleadkafkaroutes.model.DeadLetterException;
import io.smartleadkafkaroutes.model.DeadLetterReason;
import io.smartleadkafkaroutes.model.Stage;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.classic.ExecRuntime;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;

/**
 * Bounds every API request where the HTTP client's own timeouts do not: those limit the wait for a
 * connection and for each read, so a reply trickling a few bytes at a time never ends, and nothing limits
 * a reply's size, which Camel reads into memory. Each request gets {@code smartlead.api.request-deadline}
 * in all, from sending to the reply's last byte; then its connection is closed under it and it fails with
 * {@link RequestDeadlineExceededException}, which the retry policy treats as a timeout. A reply is read up
 * to {@code smartlead.api.max-reply-bytes}, whatever its Content-Length says or if it has none; one larger
 * is cut off there and becomes a {@code reply-too-large} dead letter with its first bytes, never asked
 * for again (it would be as large again). Given to camel-http as its client configurer: the limits sit
 * first in the client's execution chain, after any decompression, and wrap the reply's body Camel reads.
 */
public final class RequestLimits implements HttpClientConfigurer, ExecChainHandler {

    private final Duration deadline;
    private final long maxReplyBytes;
    private final int keptBytes;
    private final ScheduledExecutorService timer;

    /** {@code deadLetterChars}: how much of a reply its dead letter shows. */
    public RequestLimits(Duration deadline, long maxReplyBytes, int deadLetterChars, ScheduledExecutorService timer) {
        this.deadline = deadline;
        this.maxReplyBytes = maxReplyBytes;
        // those characters in UTF-8, and room for a key across the cut, which the scrubber must see whole
        this.keptBytes = 4 * deadLetterChars + 1024;
        this.timer = timer;
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.addExecInterceptorFirst("smartlead-request-limits", this);
    }

    @Override
    public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
            throws IOException, HttpException {
        Deadline due = new Deadline(scope.execRuntime);
        ClassicHttpResponse response;
        try {
            response = chain.proceed(request, scope);
        } catch (IOException failed) {
            throw due.explain(failed);
        } catch (HttpException | RuntimeException failed) {
            due.met();
            throw failed;
        }
        if (response.getEntity() == null) {
            due.met();
        } else {
            response.setEntity(new LimitedEntity(response.getEntity(), due, response.getCode()));
        }
        return response;
    }

    /** One request's deadline: when it is up, the connection is closed, which ends any read in progress. */
    private final class Deadline {

        private final ExecRuntime runtime;
        private final ScheduledFuture<?> abort;
        private volatile boolean passed;
        private volatile boolean cutOff;

        Deadline(ExecRuntime runtime) {
            this.runtime = runtime;
            abort = timer.schedule(() -> {
                passed = true;
                runtime.discardEndpoint();
            }, deadline.toMillis(), TimeUnit.MILLISECONDS);
        }

        void met() {
            abort.cancel(false);
        }

        /** The reply is not read any further: its connection is closed now, not drained. */
        void cutOff() {
            met();
            cutOff = true;
            runtime.discardEndpoint();
        }

        /** Whether the connection was closed under the reply: nothing left to read on closing. */
        boolean ended() {
            return passed || cutOff;
        }

        /** The failure of the request, named for what it is when the deadline ended it. */
        IOException explain(IOException failure) {
            met();
            return passed ? new RequestDeadlineExceededException(deadline, failure) : failure;
        }
    }

    /** The reply's body, read within the deadline and the size cap. */
    private final class LimitedEntity extends HttpEntityWrapper {

        private final Deadline due;
        private final int status;
        private InputStream content;

        LimitedEntity(HttpEntity body, Deadline due, int status) {
            super(body);
            this.due = due;
            this.status = status;
        }

        @Override
        public InputStream getContent() throws IOException {
            if (content == null) {
                content = new LimitedStream(super.getContent(), due, status, getContentLength());
            }
            return content;
        }
    }

    private final class LimitedStream extends FilterInputStream {

        private final Deadline due;
        private final int status;
        private final long declaredLength;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private long read;

        LimitedStream(InputStream body, Deadline due, int status, long declaredLength) {
            super(body);
            this.due = due;
            this.status = status;
            this.declaredLength = declaredLength;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int count;
            try {
                count = super.read(buffer, offset, length);
            } catch (IOException failed) {
                throw due.explain(failed);
            }
            if (count < 0) {
                due.met();
                return count;
            }
            kept.write(buffer, offset, Math.min(count, keptBytes - kept.size()));
            read += count;
            // a Content-Length above the cap is believed once the bytes for the dead letter are in
            if (read > maxReplyBytes || declaredLength > maxReplyBytes && kept.size() >= keptBytes) {
                due.cutOff();
                throw tooLarge();
            }
            return count;
        }

        /** Closing reads what is left of the body (to reuse the connection): still within the deadline. */
        @Override
        public void close() throws IOException {
            if (due.ended()) {
                return;
            }
            try {
                super.close();
            } catch (IOException failed) {
                throw due.explain(failed);
            } finally {
                due.met();
            }
        }

        private DeadLetterException tooLarge() {
            String length = declaredLength < 0 ? "no Content-Length" : "Content-Length " + declaredLength;
            return new DeadLetterException(DeadLetterReason.REPLY_TOO_LARGE, Stage.FETCH, "HTTP " + status
                    + " reply larger than smartlead.api.max-reply-bytes=" + maxReplyBytes + " (" + length
                    + "): cut off there, and not asked for again", status,
                    new String(kept.toByteArray(), StandardCharsets.UTF_8));
        }
    }
}
