/**
 * What the scheduler bundles' tests share, so that each test says only what is particular to its
 * policy.
 *
 * <p>For tests of the hooks, called as OKRT calls them on one core: {@link TestClient} and
 * {@link TestContext} to create schedulers and add clients with; {@link Dispatches} for the loop OKRT
 * runs while every client has work; {@link SimulatedCore} for a core whose clients run out of work,
 * come and go, and (on a {@link ManualClock}) wait while a scheduler that is not work-conserving
 * holds them back.
 *
 * <p>For tests against a real kernel ({@code org.omnikernel.okrt.internal.Kernel} on a plain class
 * path): {@link KernelRig} boots one from {@code schedulerconfig} XML, attaches {@link Spinner}
 * resources that keep their cores saturated, and drives activities; {@link Window} and
 * {@link Shares} turn its statistics snapshots into the figures tests assert.
 *
 * <p>A plain jar on the scheduler modules' test class path, never a bundle and never shipped.
 */
package org.omnikernel.scheduler.testkit;
