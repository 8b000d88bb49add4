package goroutinelab.engine;

/**
 * The engine's only source of randomness: a SplitMix64 generator whose whole
 * state is one long, so a world copies it exactly and a seed reproduces a run.
 * (The runtime uses cheaprand for the same choices: the steal order, which
 * thread the kernel hands a signal to.)
 */
public final class Rng {
    private long state;

    public Rng(long seed) {
        this.state = seed;
    }

    public Rng copy() {
        return new Rng(state);
    }

    public long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A uniform int in [0, bound). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("Rng.nextInt: bound must be positive");
        }
        return (int) Math.floorMod(nextLong(), (long) bound);
    }
}
