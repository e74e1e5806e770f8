package dev.holdfast.server;

import java.util.Locale;

/** What a user of the server may do. */
public enum Role {
    /** Read, stat and list objects. */
    READ,
    /** Also create objects that do not exist yet; never replace or delete one (a backup client). */
    APPEND,
    /** Everything, including replacing and deleting objects (prune, forget, key remove). */
    ADMIN;

    public boolean canCreate() {
        return this != READ;
    }

    public boolean canReplaceOrDelete() {
        return this == ADMIN;
    }

    /** The role's name as written in the users file and on the command line. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for an unknown name */
    public static Role parse(String name) {
        for (Role r : values()) {
            if (r.label().equals(name)) return r;
        }
        throw new IllegalArgumentException("unknown role '" + name + "': use read, append or admin");
    }
}
