package dev.holdfast.repo.index;

import dev.holdfast.hash.Id;
import dev.holdfast.repo.io.ByteReader;
import dev.holdfast.repo.io.ByteWriter;
import dev.holdfast.repo.io.FormatException;
import dev.holdfast.repo.pack.BlobRef;
import dev.holdfast.repo.pack.BlobType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plaintext of an index file: the index files it supersedes (for compaction) and, per pack,
 * where each of its blobs lies. See docs/repository-format.md, "Index files".
 */
public record IndexFile(List<Id> supersedes, List<BlobRef> blobs) {
    public static final String PREFIX = "index/";

    public byte[] encode() {
        Map<Id, List<BlobRef>> byPack = new LinkedHashMap<>();
        for (BlobRef b : blobs) byPack.computeIfAbsent(b.pack(), k -> new ArrayList<>()).add(b);
        ByteWriter w = new ByteWriter(blobs.size() * 44 + 64).u8(1).uvarint(supersedes.size());
        supersedes.forEach(w::id);
        w.uvarint(byPack.size());
        for (Map.Entry<Id, List<BlobRef>> e : byPack.entrySet()) {
            w.id(e.getKey()).uvarint(e.getValue().size());
            for (BlobRef b : e.getValue()) {
                w.u8(b.type().code()).u8(b.compressed() ? 1 : 0).id(b.id())
                        .uvarint(b.offset()).uvarint(b.length()).uvarint(b.rawLength());
            }
        }
        return w.toByteArray();
    }

    public static IndexFile decode(byte[] plain, String name) throws FormatException {
        ByteReader r = new ByteReader(plain, name);
        if (r.u8() != 1) throw new FormatException(name + ": unsupported index version");
        int ns = r.count(plain.length / Id.SIZE);
        List<Id> sup = new ArrayList<>(ns);
        for (int i = 0; i < ns; i++) sup.add(r.id());
        int packs = r.count(plain.length / Id.SIZE);
        List<BlobRef> blobs = new ArrayList<>();
        for (int p = 0; p < packs; p++) {
            Id pack = r.id();
            int n = r.count(plain.length / Id.SIZE);
            for (int i = 0; i < n; i++) {
                BlobType type = BlobType.read(r, name);
                boolean compressed = r.u8() == 1;
                Id id = r.id();
                blobs.add(new BlobRef(type, id, pack, r.uvarint(), r.count(Integer.MAX_VALUE), r.count(Integer.MAX_VALUE), compressed));
            }
        }
        r.expectEnd();
        return new IndexFile(sup, blobs);
    }
}
