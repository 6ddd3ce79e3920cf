// The service accounts controller (upstream
// pkg/controller/serviceaccount/serviceaccounts_controller.go): every Active
// namespace has a ServiceAccount named "default". It is created when a
// namespace appears (or becomes Active) and again if it is deleted; a
// terminating namespace gets nothing.
#pragma once

#include <memory>

#include "controllers/context.h"

namespace stead::controllers {

std::unique_ptr<RunnableController> NewServiceAccountsController(const ControllerContext& context);

}  // namespace stead::controllers
