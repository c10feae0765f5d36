/**
 * Optimizers, learning-rate schedules and gradient clipping, following {@code torch.optim} (PyTorch 1.13).
 *
 * <pre>{@code
 * var optimizer = new AdamW(model.parameters(), AdamW.options(3e-4).withWeightDecay(0.05));
 * var schedule = new LinearWarmup(optimizer, 0.01, 500, new CosineAnnealingLR(optimizer, 9_500, 1e-5));
 * for (int it = 0; it < 10_000; it++) {
 *     optimizer.zeroGrad();
 *     loss(model, batch(it)).backward();
 *     GradClip.clipGradNorm(model.parameters(), 1.0);
 *     optimizer.step();
 *     schedule.step();
 * }
 * }</pre>
 *
 * <h2>Optimizers</h2>
 * {@link dev.arabica.optim.SGD} (momentum, dampening, Nesterov, weight decay, maximize),
 * {@link dev.arabica.optim.Adam} (coupled L2 weight decay, AMSGrad), {@link dev.arabica.optim.AdamW}
 * (decoupled weight decay), {@link dev.arabica.optim.RMSprop} (momentum, centered) and
 * {@link dev.arabica.optim.EwmaMomentum} ({@code v = beta v + (1 - beta) g} from {@code v = 0}, the
 * course form that {@code SGD} cannot express). Each is its update rule plus a validated
 * {@code Options} record ({@code SGD.Options.lr(0.1).withMomentum(0.9)}; AdamW shares
 * {@code Adam.Options} and Adam's rule), with the same constructors everywhere:
 * {@code new Adam(params)} (PyTorch's defaults; SGD and EwmaMomentum need a learning rate),
 * {@code new Adam(params, 1e-3)}, {@code new Adam(params, options)}, and parameter groups with
 * their own options through {@code Adam.ofGroups(groups, defaults)}. Per-parameter state is created on the
 * parameter's first step; parameters without a gradient, or that do not require grad, are skipped.
 *
 * <h2>Precision</h2>
 * Parameters and state buffers are float32, as in PyTorch. Each optimizer's update is one plain
 * loop over float arrays that computes every element in double from the stored floats and rounds
 * once when storing. Against the float64 PyTorch reference this is never less accurate than
 * float32 arithmetic and up to 5.5 times closer (worst golden error/tolerance 0.094 instead of
 * 0.31, for Nesterov SGD), for an update loop that costs about 1.3x (SGD) to 2.5x (Adam) the
 * float version; the optimizer step is a small part of a training step.
 *
 * <h2>State dicts</h2>
 * {@link dev.arabica.optim.Optimizer#stateDict()} is a flat {@code String -> Tensor} map, ready for
 * safetensors; parameters are numbered in group order:
 * <pre>
 * state.&lt;i&gt;.step               int64 0-d     steps taken by parameter i
 * state.&lt;i&gt;.&lt;buffer&gt;           float32       parameter i's shape: momentum_buffer (SGD),
 *                                             exp_avg, exp_avg_sq, max_exp_avg_sq (Adam, AdamW),
 *                                             square_avg, momentum_buffer, grad_avg (RMSprop),
 *                                             velocity (EwmaMomentum)
 * param_groups.&lt;g&gt;.&lt;name&gt;       float32 0-d   lr, momentum, weight_decay, eps, ... (PyTorch names;
 *                                             booleans 0/1; betas has shape [2])
 * param_groups.&lt;g&gt;.params       int64 [n]     the indices of group g's parameters
 * </pre>
 * Loading is strict (unexpected or missing keys, shape or dtype mismatches and invalid values are
 * rejected with the key's name, leaving the optimizer unchanged) and resumes training bit for bit.
 * A scheduler's {@link dev.arabica.optim.LrScheduler#stateDict()} holds {@code last_epoch} and
 * {@code base_lrs}.
 *
 * <h2>Learning-rate schedules</h2>
 * {@link dev.arabica.optim.StepLR}, {@link dev.arabica.optim.MultiStepLR},
 * {@link dev.arabica.optim.ExponentialLR}, {@link dev.arabica.optim.CosineAnnealingLR}, {@link dev.arabica.optim.LinearLR},
 * {@link dev.arabica.optim.InverseTimeDecay}, {@link dev.arabica.optim.LinearWarmup} (optionally
 * handing over to another schedule) and any closed form as a lambda, an
 * {@link dev.arabica.optim.LrScheduler.Formula} ({@code new LrScheduler(optimizer, (t, base) -> ...)});
 * all are evaluated in closed form in double.
 */
package dev.arabica.optim;
