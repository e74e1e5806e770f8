package dev.holdfast.crypto;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * OpenSSL's libcrypto ({@code libcrypto.so.3}) through the foreign function API. Its AES-GCM,
 * SHA-256, HMAC and scrypt run on the CPU's AES and SHA instructions from the first call, where the
 * JDK's reach that speed only once C2 has compiled their callers. Absent when the library is not
 * installed or {@code HOLDFAST_CRYPTO=jdk}; every user then falls back to the JDK.
 */
public final class LibCrypto {
    private static final SymbolLookup LIB = load();

    private LibCrypto() {}

    private static SymbolLookup load() {
        if ("jdk".equals(System.getenv("HOLDFAST_CRYPTO"))) return null;
        try {
            return SymbolLookup.libraryLookup("libcrypto.so.3", Arena.global());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Whether libcrypto could be loaded. */
    public static boolean available() {
        return LIB != null;
    }

    /** Links libcrypto now, on a background thread, so that its first user does not wait for it. */
    public static void prepareInBackground() {
        Thread.ofPlatform().daemon().name("link-libcrypto").start(() -> {
            Scrypt.linked();
            OpenSslGcm.available();
        });
    }

    /**
     * A downcall handle for a libcrypto function. Critical calls may be passed heap segments (no
     * copy) and must not block. @throws IllegalStateException when libcrypto or the function is missing
     */
    public static MethodHandle function(String name, FunctionDescriptor descriptor, boolean critical) {
        if (LIB == null) throw new IllegalStateException("libcrypto.so.3 is not available");
        var address = LIB.find(name).orElseThrow(() -> new IllegalStateException("libcrypto has no " + name));
        return critical ? Linker.nativeLinker().downcallHandle(address, descriptor, Linker.Option.critical(true))
                : Linker.nativeLinker().downcallHandle(address, descriptor);
    }
}
