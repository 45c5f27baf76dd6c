package io.smartleadkafkaroutes.dedup;

import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * The memory's contacts in four flat arrays, 24 bytes a slot (28 bytes a contact at the load it is sized
 * for): open addressing with linear probing, keyed
 * by the contact id. A SmartLead id (24 lowercase hex digits, a MongoDB ObjectId) is kept as its 12 bytes,
 * exactly; any other id, rare, in a plain map beside. Each contact has its 64-bit fingerprint and an int
 * ({@code meta}) naming its topic and filter set ({@link PublishedContacts} interns those).
 * <p>
 * It grows while old and new arrays fit in {@code maxBytes} together, and fills up to 95 % once they do not:
 * then {@link #put} answers false instead of the JVM running out of memory. Not thread-safe: its owner
 * locks.
 */
final class ContactTable {

    static final int BYTES_PER_SLOT = 24;
    /** A slot in use has this bit of its meta set; a free slot's meta is 0. */
    private static final int OCCUPIED = 1 << 31;
    private static final double GROW_AT = 0.88;
    private static final double FULL_AT = 0.95;
    /** Linear probing stays quick at this load with a well-mixed hash: 3-4 slots a lookup of a contact held. */
    private static final double SIZED_FOR = 0.85;
    private static final int SMALLEST = 1024;
    private static final HexFormat HEX = HexFormat.of();

    private final long maxBytes;
    private long[] idHigh;
    private int[] idLow;
    private long[] fingerprints;
    private int[] metas;
    private int size;
    /** Ids that are not 24 lowercase hex digits: id -> {fingerprint, meta}. */
    private final Map<String, long[]> otherIds = new HashMap<>();

    /** {@code maxBytes}: what its arrays may take at most, also while they grow. */
    ContactTable(long maxBytes) {
        this.maxBytes = maxBytes;
        allocate(SMALLEST);
    }

    /** One contact's values: its fingerprint and meta. */
    record Entry(long fingerprint, int meta) {
    }

    /** What a scan sees of each contact; the id is made only when asked for. */
    interface Visitor {
        void visit(IdSource id, long fingerprint, int meta);
    }

    /** The id of the contact a scan is at. */
    interface IdSource {
        String id();
    }

    int size() {
        return size + otherIds.size();
    }

    /** The bytes its arrays take now. */
    long bytes() {
        return (long) capacity() * BYTES_PER_SLOT;
    }

    /** The most contacts that fit, without growing further than {@code maxBytes} allows. */
    long fitsAtMost() {
        long largestAlone = maxBytes / BYTES_PER_SLOT;
        return (long) (Math.min(largestAlone, Integer.MAX_VALUE - 8) * FULL_AT);
    }

    /** Makes room for {@code expected} contacts at once (as many as fit), so that loading them needs no growth. */
    void presize(long expected) {
        long wanted = Math.min((long) (expected / SIZED_FOR) + 1, maxBytes / BYTES_PER_SLOT);
        if (wanted > capacity()) {
            rehash((int) Math.min(wanted, Integer.MAX_VALUE - 8));
        }
    }

    /** After loading: arrays much larger than the contacts need (the topic held updates not compacted yet) shrink. */
    void trim() {
        int wanted = (int) Math.max(SMALLEST, size / SIZED_FOR + 1);
        if (capacity() > wanted * 1.5 && (long) (capacity() + wanted) * BYTES_PER_SLOT <= maxBytes) {
            rehash(wanted);
        }
    }

    Entry get(String id) {
        if (!compact(id)) {
            long[] values = otherIds.get(id);
            return values == null ? null : new Entry(values[0], (int) values[1]);
        }
        int slot = slotOf(high(id), low(id));
        return metas[slot] == 0 ? null : new Entry(fingerprints[slot], metas[slot] & ~OCCUPIED);
    }

    /** Keeps the contact; false when it is new and does not fit. */
    boolean put(String id, long fingerprint, int meta) {
        if (!compact(id)) {
            if (!otherIds.containsKey(id) && size() >= fitsAtMost()) {
                return false;
            }
            otherIds.put(id, new long[] {fingerprint, meta});
            return true;
        }
        long high = high(id);
        int low = low(id);
        int slot = slotOf(high, low);
        if (metas[slot] == 0) {
            if (size + 1 > capacity() * GROW_AT && !grow() && size + 1 > capacity() * FULL_AT) {
                return false;
            }
            slot = slotOf(high, low);
            size++;
        }
        idHigh[slot] = high;
        idLow[slot] = low;
        fingerprints[slot] = fingerprint;
        metas[slot] = meta | OCCUPIED;
        return true;
    }

    void remove(String id) {
        if (!compact(id)) {
            otherIds.remove(id);
            return;
        }
        int slot = slotOf(high(id), low(id));
        if (metas[slot] == 0) {
            return;
        }
        metas[slot] = 0;
        size--;
        // backward-shift deletion: the contacts after it that probed past it move up, so no probe stops early
        int free = slot;
        for (int next = advance(free); metas[next] != 0; next = advance(next)) {
            int home = home(idHigh[next], idLow[next]);
            if (distance(home, next) >= distance(free, next)) {
                move(next, free);
                free = next;
            }
        }
    }

    void forEach(Visitor visitor) {
        for (int slot = 0; slot < capacity(); slot++) {
            if (metas[slot] != 0) {
                int at = slot;
                visitor.visit(() -> HEX.toHexDigits(idHigh[at]) + HEX.toHexDigits(idLow[at]), fingerprints[at],
                        metas[at] & ~OCCUPIED);
            }
        }
        otherIds.forEach((id, values) -> visitor.visit(() -> id, values[0], (int) values[1]));
    }

    private boolean grow() {
        long larger = (long) (capacity() * 1.5);
        if ((capacity() + larger) * BYTES_PER_SLOT > maxBytes || larger > Integer.MAX_VALUE - 8) {
            return false;
        }
        rehash((int) larger);
        return true;
    }

    private void rehash(int newCapacity) {
        long[] oldHigh = idHigh;
        int[] oldLow = idLow;
        long[] oldFingerprints = fingerprints;
        int[] oldMetas = metas;
        allocate(newCapacity);
        for (int slot = 0; slot < oldMetas.length; slot++) {
            if (oldMetas[slot] != 0) {
                int to = slotOf(oldHigh[slot], oldLow[slot]);
                idHigh[to] = oldHigh[slot];
                idLow[to] = oldLow[slot];
                fingerprints[to] = oldFingerprints[slot];
                metas[to] = oldMetas[slot];
            }
        }
    }

    private void allocate(int capacity) {
        idHigh = new long[capacity];
        idLow = new int[capacity];
        fingerprints = new long[capacity];
        metas = new int[capacity];
    }

    private int capacity() {
        return metas.length;
    }

    /** The slot holding the id, or the free slot where it would go. */
    private int slotOf(long high, int low) {
        int slot = home(high, low);
        while (metas[slot] != 0 && !(idHigh[slot] == high && idLow[slot] == low)) {
            slot = advance(slot);
        }
        return slot;
    }

    private int home(long high, int low) {
        long hash = (high ^ (low * 0x9E3779B97F4A7C15L)) * 0xC2B2AE3D27D4EB4FL;
        hash ^= hash >>> 29;
        // the high 32 bits scaled to the capacity, which need not be a power of two
        return (int) (((hash >>> 32) * capacity()) >>> 32);
    }

    private int advance(int slot) {
        return slot + 1 == capacity() ? 0 : slot + 1;
    }

    /** Steps from {@code from} forward to {@code to}, wrapping around. */
    private int distance(int from, int to) {
        return to >= from ? to - from : to + capacity() - from;
    }

    private void move(int from, int to) {
        idHigh[to] = idHigh[from];
        idLow[to] = idLow[from];
        fingerprints[to] = fingerprints[from];
        metas[to] = metas[from];
        metas[from] = 0;
    }

    /** A SmartLead id: 24 lowercase hex digits. */
    private static boolean compact(String id) {
        return id.length() == 24 && LowercaseHex.digits(id, 0, 24);
    }

    private static long high(String id) {
        return HexFormat.fromHexDigitsToLong(id, 0, 16);
    }

    private static int low(String id) {
        return HexFormat.fromHexDigits(id, 16, 24);
    }
}
