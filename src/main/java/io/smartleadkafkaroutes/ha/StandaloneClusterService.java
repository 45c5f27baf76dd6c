package io.smartleadkafkaroutes.ha;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.support.cluster.AbstractCamelClusterService;
import org.apache.camel.support.cluster.AbstractCamelClusterView;

/**
 * The cluster of one, for a single replica ({@code smartlead.ha.enabled=false}): this process always
 * leads, so the polling route's {@code master:} endpoint runs at once, without any coordination.
 */
public final class StandaloneClusterService extends AbstractCamelClusterService<StandaloneClusterService.View> {

    public StandaloneClusterService() {
        super("standalone");
    }

    @Override
    protected View createView(String namespace) {
        return new View(this, namespace);
    }

    /** A view in which the local member leads. */
    public static final class View extends AbstractCamelClusterView {

        private final CamelClusterMember self = new CamelClusterMember() {
            @Override
            public boolean isLeader() {
                return true;
            }

            @Override
            public boolean isLocal() {
                return true;
            }

            @Override
            public String getId() {
                return "standalone";
            }
        };

        View(CamelClusterService service, String namespace) {
            super(service, namespace);
        }

        @Override
        public Optional<CamelClusterMember> getLeader() {
            return Optional.of(self);
        }

        @Override
        public CamelClusterMember getLocalMember() {
            return self;
        }

        @Override
        public List<CamelClusterMember> getMembers() {
            return List.of(self);
        }

        /** Nothing to join: a new listener learns the leader (this process) from the base class, once. */
        @Override
        protected void doStart() {
            // nothing to join
        }

        @Override
        protected void doStop() {
            // nothing held
        }
    }

    @Override
    public Map<String, Object> getAttributes() {
        return Map.of();
    }
}
