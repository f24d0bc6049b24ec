package org.difflab.core.plugin;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Keeps plugin code from ending the process. A plugin's {@code System.exit(0)} in a constructor, a static initializer
 * or mid-solve used to end difflab with exit code 0 having checked or recorded nothing. Each plugin class is rewritten
 * as it loads ({@link ParentFirstClassLoader}) so that its calls of {@code System.exit}, {@code Runtime.exit} and
 * {@code Runtime.halt} throw a {@link PluginExitException} instead: the platform reports it like any failure of that
 * component (which plugin, which class) and carries on with the rest (the next check, jar or trial).
 *
 * <p>Why a rewrite: Java 17's SecurityManager could refuse exits too, but installing one prints a warning on every
 * start that cannot be silenced, and Java 18+ refuses it unless started with a flag. A shutdown hook cannot cancel an
 * exit. The rewrite needs nothing from the JVM; what it cannot see (an exit through reflection or a method handle) is
 * caught by {@link ExitWatch}, which turns the unexpected exit into a failure exit code with a message.
 */
public final class ExitGuard {

    private static final String GUARD = ExitGuard.class.getName().replace('.', '/');

    private ExitGuard() {}

    /** Replaces {@code System.exit(status)} in plugin code. */
    public static void systemExit(int status) {
        throw new PluginExitException("System.exit(" + status + ")");
    }

    /** Replaces {@code runtime.exit(status)} in plugin code. */
    public static void runtimeExit(Runtime runtime, int status) {
        throw new PluginExitException("Runtime.exit(" + status + ")");
    }

    /** Replaces {@code runtime.halt(status)} in plugin code. */
    public static void runtimeHalt(Runtime runtime, int status) {
        throw new PluginExitException("Runtime.halt(" + status + ")");
    }

    /**
     * A class file with its exit calls redirected to this class, or null if it has none (most classes: they are then
     * defined from their own bytes, unparsed).
     */
    static byte[] guard(byte[] classFile) {
        if (!mentions(classFile, "exit") && !mentions(classFile, "halt")) {
            return null;   // the method names are in the constant pool of any class that calls them
        }
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(reader, 0);   // same stack shape: frames and max stack stay valid
        boolean[] changed = {false};
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, name, descriptor, signature,
                        exceptions)) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean itf) {
                        String replacement = null;
                        if (opcode == Opcodes.INVOKESTATIC && owner.equals("java/lang/System") && method.equals("exit")
                                && desc.equals("(I)V")) {
                            replacement = "systemExit";
                        } else if (opcode == Opcodes.INVOKEVIRTUAL && owner.equals("java/lang/Runtime")
                                && desc.equals("(I)V") && (method.equals("exit") || method.equals("halt"))) {
                            replacement = method.equals("exit") ? "runtimeExit" : "runtimeHalt";
                        }
                        if (replacement == null) {
                            super.visitMethodInsn(opcode, owner, method, desc, itf);
                            return;
                        }
                        changed[0] = true;
                        super.visitMethodInsn(Opcodes.INVOKESTATIC, GUARD, replacement,
                                opcode == Opcodes.INVOKESTATIC ? "(I)V" : "(Ljava/lang/Runtime;I)V", false);
                    }
                };
            }
        }, 0);
        return changed[0] ? writer.toByteArray() : null;
    }

    private static boolean mentions(byte[] bytes, String ascii) {
        outer:
        for (int i = 0; i + ascii.length() <= bytes.length; i++) {
            for (int j = 0; j < ascii.length(); j++) {
                if (bytes[i + j] != ascii.charAt(j)) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
