package dev.arabica.core.simd;

/** Special functions the JDK lacks. */
public final class MathUtil {
    private MathUtil() {}

    /**
     * The error function, accurate to about 1e-15 relative in double (W. J. Cody's rational
     * Chebyshev approximations, the same split points as in most libm implementations).
     */
    public static double erf(double x) {
        double ax = Math.abs(x);
        if (ax < 0.5) {
            double t = x * x;
            double num = (((0.185777706184603153 * t + 3.16112374387056560) * t + 113.864154151050156) * t
                    + 377.485237685302021) * t + 3209.37758913846947;
            double den = (((t + 23.6012909523441209) * t + 244.024637934444173) * t
                    + 1282.61652607737228) * t + 2844.23683343917062;
            return x * num / den;
        }
        double r = erfcPositive(ax);
        return x > 0 ? 1.0 - r : r - 1.0;
    }

    /** Complementary error function erfc(x) = 1 - erf(x). */
    public static double erfc(double x) {
        if (Math.abs(x) < 0.5) return 1.0 - erf(x);
        return x > 0 ? erfcPositive(x) : 2.0 - erfcPositive(-x);
    }

    private static double erfcPositive(double ax) {
        if (ax >= 27.0) return 0.0;
        double result;
        if (ax <= 4.0) {
            double num = (((((((5.64188496988670089e-1 * ax + 8.88314979438837594) * ax
                    + 66.1191906371416295) * ax + 298.635138197400131) * ax + 881.952221241769090) * ax
                    + 1712.04761263407058) * ax + 2051.07837782607147) * ax + 1230.33935479799725);
            double den = (((((((ax + 15.7449261107098347) * ax + 117.693950891312499) * ax
                    + 537.181101862009858) * ax + 1621.38957456669019) * ax + 3290.79923573345963) * ax
                    + 4362.61909014324716) * ax + 3439.36767414372164) * ax + 1230.33935480374942;
            result = num / den;
        } else {
            double z = 1.0 / (ax * ax);
            double num = ((((1.63153871373020978e-2 * z + 3.05326634961232344e-1) * z
                    + 3.60344899949804439e-1) * z + 1.25781726111229246e-1) * z
                    + 1.60837851487422766e-2) * z + 6.58749161529837803e-4;
            double den = ((((z + 2.56852019228982242) * z + 1.87295284992346725) * z
                    + 5.27905102951428412e-1) * z + 6.05183413124413191e-2) * z + 2.33520497626869185e-3;
            result = (1.0 / Math.sqrt(Math.PI) - z * num / den) / ax;
        }
        // exp(-x^2) computed in two pieces to keep precision for large x.
        double xs = Math.floor(ax * 16.0) / 16.0;
        double del = (ax - xs) * (ax + xs);
        return Math.exp(-xs * xs) * Math.exp(-del) * result;
    }
}
