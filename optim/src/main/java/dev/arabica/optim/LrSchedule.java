package dev.arabica.optim;

/** A learning-rate schedule in closed form: the learning rate at an epoch, given the initial one. */
@FunctionalInterface
public interface LrSchedule {

    /**
     * @param epoch the number of {@link LrScheduler#step()} calls so far (0 before the first)
     * @param baseLr the group's learning rate when the scheduler was created
     */
    double lr(long epoch, double baseLr);
}
