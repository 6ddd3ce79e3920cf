// The scheduler: binds every pending pod that names this scheduler (or none)
// to a node, as kube-scheduler's default profile does (see algorithm.h for
// the filters, scores and messages).
//
// How it runs:
//   * pods without spec.nodeName, not being deleted, not terminal and not
//     held by schedulingGates are queued by key; one worker runs the
//     scheduling cycles one at a time against the SchedulerCache;
//   * a pod that fits is assumed on its node (so the next cycle already sees
//     the capacity taken) and handed to the binder's workers, which set
//     volume.kubernetes.io/selected-node on its unbound WaitForFirstConsumer
//     claims, POST the Binding and record the `Scheduled` event
//     ("Successfully assigned default/web-0 to node-1");
//   * a pod that does not fit gets PodScheduled=False reason Unschedulable
//     with upstream's message and a `FailedScheduling` Warning event from
//     default-scheduler; it is retried when the cluster changes in a way
//     that may help (a node added or its allocatable, labels, taints,
//     conditions or unschedulable flag changed; a placed pod deleted or
//     finished; a claim, volume or storage class added or changed; the pod's
//     own spec or metadata changed) but not before its backoff (1s doubling
//     to 10s) has passed, and at the latest after max_unschedulable_duration.
//
// Volumes: claims bound to volumes with spec.nodeAffinity restrict the
// nodes; a missing or terminating claim, or an unbound claim of an Immediate
// storage class, keeps the pod pending (as upstream: the PV controller binds
// those first); unbound WaitForFirstConsumer claims do not (the PV
// controller provisions on the selected node).
//
// Not implemented: preemption (nodes never have victims), pod
// (anti-)affinity and topology spread constraints, priority ordering of the
// queue, volume limits.
//
// Timers run on the context's Clock. Thread-safe; Start/Stop as
// RunnableController says.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "controllers/context.h"

namespace stead::scheduler {

struct SchedulerOptions {
  // Pods whose spec.schedulerName is this (or empty) are ours.
  std::string scheduler_name = "default-scheduler";
  // Concurrent Binding requests (the scheduling cycle itself is serial).
  int bind_workers = 8;
  // Per-pod retry backoff after an unschedulable attempt.
  std::chrono::milliseconds initial_backoff{1000};
  std::chrono::milliseconds max_backoff{10000};
  // An unschedulable pod is retried after this long even if nothing changed
  // (upstream podMaxInUnschedulablePodsDuration).
  std::chrono::milliseconds max_unschedulable_duration{std::chrono::minutes(5)};
};

std::unique_ptr<controllers::RunnableController> NewScheduler(
    const controllers::ControllerContext& context, SchedulerOptions options = {});

}  // namespace stead::scheduler
