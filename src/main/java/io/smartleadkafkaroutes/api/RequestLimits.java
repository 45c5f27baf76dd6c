package io.smartleadkafkaroutes.api;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
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
 * connection and for each read, so a reply trickling a few bytes at a time never ends. Each request
 * gets {@code smartlead.api.request-deadline} in all, from sending to the reply's last byte; then its
 * connection is closed under it and it fails with {@link RequestDeadlineExceededException}, which the
 * retry policy treats as a timeout. Given to camel-http as its client configurer: the limits sit first in
 * the client's execution chain and wrap the reply's body that Camel reads.
 */
public final class RequestLimits implements HttpClientConfigurer, ExecChainHandler {

    private final Duration deadline;
    private final ScheduledExecutorService timer;

    public RequestLimits(Duration deadline, ScheduledExecutorService timer) {
        this.deadline = deadline;
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
            response.setEntity(new DeadlineEntity(response.getEntity(), due));
        }
        return response;
    }

    /** One request's deadline: when it is up, the connection is closed, which ends any read in progress. */
    private final class Deadline {

        private final ScheduledFuture<?> abort;
        private volatile boolean passed;

        Deadline(ExecRuntime runtime) {
            abort = timer.schedule(() -> {
                passed = true;
                runtime.discardEndpoint();
            }, deadline.toMillis(), TimeUnit.MILLISECONDS);
        }

        void met() {
            abort.cancel(false);
        }

        boolean passed() {
            return passed;
        }

        /** The failure of the request, named for what it is when the deadline ended it. */
        IOException explain(IOException failure) {
            met();
            return passed ? new RequestDeadlineExceededException(deadline, failure) : failure;
        }
    }

    /** The reply's body, read within the deadline. */
    private static final class DeadlineEntity extends HttpEntityWrapper {

        private final Deadline due;
        private InputStream content;

        DeadlineEntity(HttpEntity body, Deadline due) {
            super(body);
            this.due = due;
        }

        @Override
        public InputStream getContent() throws IOException {
            if (content == null) {
                content = new DeadlineStream(super.getContent(), due);
            }
            return content;
        }
    }

    private static final class DeadlineStream extends FilterInputStream {

        private final Deadline due;

        DeadlineStream(InputStream body, Deadline due) {
            super(body);
            this.due = due;
        }

        @Override
        public int read() throws IOException {
            try {
                int read = super.read();
                if (read < 0) {
                    due.met();
                }
                return read;
            } catch (IOException failed) {
                throw due.explain(failed);
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            try {
                int read = super.read(buffer, offset, length);
                if (read < 0) {
                    due.met();
                }
                return read;
            } catch (IOException failed) {
                throw due.explain(failed);
            }
        }

        /** Closing reads what is left of the body (to reuse the connection): still within the deadline. */
        @Override
        public void close() throws IOException {
            if (due.passed()) {
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
    }
}
