package dev.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.posix.Posix;
import dev.holdfast.posix.PosixException;
import dev.holdfast.posix.Stat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares two directory trees entry by entry and reports every difference: names, type,
 * permission bits, owner, link count, size, mtime (ns), atime (ns, for files and special files:
 * directory and symlink atimes move when they are listed or read), content, symlink target,
 * extended attributes (all namespaces, so POSIX ACLs too), device numbers, holes and hard-link
 * structure. Files are read with O_NOATIME and metadata is taken before content, so the
 * comparison does not disturb what it compares.
 */
final class TreeDiff {
    private final byte[] expectedRoot, actualRoot;
    private final List<String> diffs = new ArrayList<>();
    private final Map<String, Set<String>> linksExpected = new TreeMap<>(), linksActual = new TreeMap<>();
    private final Map<String, String> inodeOfActual = new TreeMap<>();

    private TreeDiff(byte[] expected, byte[] actual) {
        this.expectedRoot = expected;
        this.actualRoot = actual;
    }

    /** All differences between the trees, the roots' own metadata included (but not their names). */
    static List<String> diff(byte[] expected, byte[] actual) {
        TreeDiff d = new TreeDiff(expected, actual);
        d.compare(new byte[0], true);
        d.compareHardLinks();
        return d.diffs;
    }

    /** All differences between the trees below the roots (the roots' own metadata is not compared). */
    static List<String> diffContents(byte[] expected, byte[] actual) {
        TreeDiff d = new TreeDiff(expected, actual);
        d.compare(new byte[0], false);
        d.compareHardLinks();
        return d.diffs;
    }

    static void assertSameTree(byte[] expected, byte[] actual) {
        List<String> d = diff(expected, actual);
        assertThat(d).as("differences between %s and %s", Posix.render(expected), Posix.render(actual)).isEmpty();
    }

    private static byte[] at(byte[] root, byte[] rel) {
        return rel.length == 0 ? root : Fs.child(root, rel);
    }

    private void add(byte[] rel, String what) {
        diffs.add((rel.length == 0 ? "." : Posix.render(rel)) + ": " + what);
    }

    private void compare(byte[] rel, boolean metadata) {
        byte[] pe = at(expectedRoot, rel), pa = at(actualRoot, rel);
        Stat e, a;
        try {
            e = Posix.lstat(pe);
        } catch (PosixException x) {
            add(rel, "cannot stat the expected file: " + x.getMessage());
            return;
        }
        try {
            a = Posix.lstat(pa);
        } catch (PosixException x) {
            add(rel, "missing (" + x.getMessage() + ")");
            return;
        }
        if (e.type() != a.type()) {
            add(rel, String.format("type %o, expected %o", a.type(), e.type()));
            return;
        }
        if (metadata) compareMetadata(rel, pe, pa, e, a);
        if (e.isRegular()) compareContent(rel, pe, pa);
        if (e.isDirectory()) compareChildren(rel, pe, pa);
    }

    private void compareMetadata(byte[] rel, byte[] pe, byte[] pa, Stat e, Stat a) {
        boolean special = e.type() == Stat.S_IFIFO || e.type() == Stat.S_IFCHR || e.type() == Stat.S_IFBLK || e.type() == Stat.S_IFSOCK;
        if (!e.isSymlink() && e.permissions() != a.permissions()) add(rel, String.format("mode %04o, expected %04o", a.permissions(), e.permissions()));
        if (e.uid() != a.uid() || e.gid() != a.gid()) add(rel, "owner " + a.uid() + ":" + a.gid() + ", expected " + e.uid() + ":" + e.gid());
        if (e.nlink() != a.nlink()) add(rel, "nlink " + a.nlink() + ", expected " + e.nlink());
        if (e.mtimeNs() != a.mtimeNs()) add(rel, "mtime " + a.mtimeNs() + " ns, expected " + e.mtimeNs());
        if ((e.isRegular() || special) && e.atimeNs() != a.atimeNs()) add(rel, "atime " + a.atimeNs() + " ns, expected " + e.atimeNs());
        if ((e.isRegular() || e.isSymlink()) && e.size() != a.size()) add(rel, "size " + a.size() + ", expected " + e.size());
        if ((e.type() == Stat.S_IFCHR || e.type() == Stat.S_IFBLK) && e.rdev() != a.rdev()) {
            add(rel, "device " + Posix.major(a.rdev()) + "," + Posix.minor(a.rdev()) + ", expected " + Posix.major(e.rdev()) + "," + Posix.minor(e.rdev()));
        }
        if (e.isSparse() && !a.isSparse()) add(rel, "holes not restored: " + a.blocks() + " blocks for " + a.size() + " bytes");
        if (e.isSymlink()) {
            try {
                byte[] te = Posix.readlink(pe), ta = Posix.readlink(pa);
                if (!Arrays.equals(te, ta)) add(rel, "link target " + Posix.render(ta) + ", expected " + Posix.render(te));
            } catch (PosixException x) {
                add(rel, "readlink: " + x.getMessage());
            }
        }
        Map<String, String> xe = xattrs(rel, pe), xa = xattrs(rel, pa);
        if (!xe.equals(xa)) add(rel, "xattrs " + xa + ", expected " + xe);
        if (e.isRegular() && e.nlink() > 1) {
            linksExpected.computeIfAbsent(e.dev() + ":" + e.ino(), k -> new TreeSet<>()).add(Posix.render(rel));
            String ka = a.dev() + ":" + a.ino();
            linksActual.computeIfAbsent(ka, k -> new TreeSet<>()).add(Posix.render(rel));
            inodeOfActual.put(Posix.render(rel), ka);
        }
    }

    private Map<String, String> xattrs(byte[] rel, byte[] path) {
        Map<String, String> out = new TreeMap<>();
        try {
            for (byte[] name : Posix.listXattrs(path)) {
                byte[] v = Posix.getXattr(path, name);
                out.put(Posix.render(name), v == null ? "(none)" : HexFormat.of().formatHex(v));
            }
        } catch (PosixException x) {
            add(rel, "xattrs: " + x.getMessage());
        }
        return out;
    }

    private void compareContent(byte[] rel, byte[] pe, byte[] pa) {
        try {
            int fe = Posix.openRead(pe);
            try {
                int fa = Posix.openRead(pa);
                try {
                    byte[] be = new byte[1 << 20], ba = new byte[1 << 20];
                    long pos = 0;
                    while (true) {
                        int ne = readFully(fe, be, pos), na = readFully(fa, ba, pos);
                        int m = Arrays.mismatch(be, 0, ne, ba, 0, na);
                        if (m >= 0) {
                            add(rel, "content differs at byte " + (pos + m));
                            return;
                        }
                        if (ne < be.length) return;
                        pos += ne;
                    }
                } finally {
                    Posix.close(fa);
                }
            } finally {
                Posix.close(fe);
            }
        } catch (PosixException x) {
            add(rel, "read: " + x.getMessage());
        }
    }

    private static int readFully(int fd, byte[] buf, long pos) throws PosixException {
        int done = 0;
        while (done < buf.length) {
            int n = Posix.pread(fd, buf, done, buf.length - done, pos + done);
            if (n <= 0) break;
            done += n;
        }
        return done;
    }

    private void compareChildren(byte[] rel, byte[] pe, byte[] pa) {
        TreeSet<byte[]> ne = new TreeSet<>(Arrays::compareUnsigned), na = new TreeSet<>(Arrays::compareUnsigned);
        try {
            ne.addAll(Posix.listDir(pe));
            na.addAll(Posix.listDir(pa));
        } catch (PosixException x) {
            add(rel, "list: " + x.getMessage());
            return;
        }
        for (byte[] n : ne) {
            byte[] r = rel.length == 0 ? n : Fs.child(rel, n);
            if (na.contains(n)) compare(r, true);
            else add(r, "missing");
        }
        for (byte[] n : na) {
            if (!ne.contains(n)) add(rel.length == 0 ? n : Fs.child(rel, n), "unexpected extra entry");
        }
    }

    private void compareHardLinks() {
        for (Set<String> group : linksExpected.values()) {
            Set<String> inodes = new TreeSet<>();
            for (String p : group) inodes.add(inodeOfActual.get(p));
            if (inodes.size() != 1 || !linksActual.get(inodes.iterator().next()).equals(group)) {
                diffs.add("hard links " + group + " are not one inode in the restored tree");
            }
        }
        for (Set<String> group : linksActual.values()) {
            if (!linksExpected.containsValue(group)) diffs.add("restored hard links " + group + " are not linked in the source");
        }
    }
}
