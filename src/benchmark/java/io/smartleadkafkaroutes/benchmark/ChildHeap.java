package io.smartleadkafkaroutes.benchmark;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.tools.attach.VirtualMachine;
import io.smartleadkafkaroutes.support.Eventually;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.MBeanServerConnection;
import javax.management.Notification;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The heap of another JVM, over its local management agent (started by attaching, so the child needs
 * no JMX flags). Used heap only grows between collections, so its peak is exactly the greatest of the
 * heap before each collection (from GC notifications) and the heap now: no sampling interval to miss it.
 */
final class ChildHeap implements AutoCloseable {

    private static final ObjectName MEMORY = name("java.lang:type=Memory");

    private final JMXConnector connector;
    private final MBeanServerConnection server;
    private final Set<ObjectName> collectors;
    private final Set<String> heapPools = new HashSet<>();
    private final AtomicLong peakBeforeCollection = new AtomicLong();
    private final AtomicLong collectionsSeen = new AtomicLong();
    private long collectionsAtWatch;

    private ChildHeap(JMXConnector connector) throws Exception {
        this.connector = connector;
        this.server = connector.getMBeanServerConnection();
        this.collectors = server.queryNames(name("java.lang:type=GarbageCollector,name=*"), null);
        for (ObjectName pool : server.queryNames(name("java.lang:type=MemoryPool,name=*"), null)) {
            if ("HEAP".equals(server.getAttribute(pool, "Type").toString())) {
                heapPools.add(pool.getKeyProperty("name"));
            }
        }
    }

    static ChildHeap attach(long pid) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
        try {
            return new ChildHeap(JMXConnectorFactory.connect(new JMXServiceURL(vm.startLocalManagementAgent())));
        } finally {
            vm.detach();
        }
    }

    long usedAfterFullCollection() throws Exception {
        server.invoke(MEMORY, "gc", null, null);
        return used();
    }

    /** The most heap the JVM may take. */
    long max() throws Exception {
        return MemoryUsage.from((CompositeData) server.getAttribute(MEMORY, "HeapMemoryUsage")).getMax();
    }

    long used() throws Exception {
        return MemoryUsage.from((CompositeData) server.getAttribute(MEMORY, "HeapMemoryUsage")).getUsed();
    }

    /** From now on, remembers the used heap before every collection. */
    void watchPeaks() throws Exception {
        for (ObjectName collector : collectors) {
            server.addNotificationListener(collector, (notification, handback) -> collected(notification), null, null);
        }
        // listening first, then counting: a collection in between is seen, never awaited in vain
        collectionsAtWatch = collections();
    }

    /** The greatest used heap since {@link #watchPeaks()}, once every collection's notification has arrived. */
    long peakUsed() throws Exception {
        long expected = collections() - collectionsAtWatch;
        Eventually.until(() -> collectionsSeen.get() >= expected, Duration.ofSeconds(30),
                () -> collectionsSeen.get() + " of " + expected + " GC notifications arrived");
        return Math.max(peakBeforeCollection.get(), used());
    }

    private void collected(Notification notification) {
        if (!notification.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        long before = info.getGcInfo().getMemoryUsageBeforeGc().entrySet().stream()
                .filter(pool -> heapPools.contains(pool.getKey()))
                .mapToLong(pool -> pool.getValue().getUsed()).sum();
        peakBeforeCollection.accumulateAndGet(before, Math::max);
        collectionsSeen.incrementAndGet();
    }

    private long collections() throws Exception {
        long total = 0;
        for (ObjectName collector : collectors) {
            total += (Long) server.getAttribute(collector, "CollectionCount");
        }
        return total;
    }

    private static ObjectName name(String name) {
        try {
            return new ObjectName(name);
        } catch (Exception invalid) {
            throw new IllegalArgumentException(name, invalid);
        }
    }

    @Override
    public void close() throws Exception {
        connector.close();
    }
}
