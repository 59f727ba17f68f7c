// One file per screen or area, so each can be translated and reviewed on its own.
import ai from "./ai.json";
import audit from "./audit.json";
import auth from "./auth.json";
import broadcasts from "./broadcasts.json";
import common from "./common.json";
import contacts from "./contacts.json";
import dashboard from "./dashboard.json";
import developers from "./developers.json";
import errors from "./errors.json";
import inbox from "./inbox.json";
import notifications from "./notifications.json";
import outreach from "./outreach.json";
import profile from "./profile.json";
import settings from "./settings.json";
import shell from "./shell.json";
import templates from "./templates.json";
import validation from "./validation.json";

export default {
  ai,
  audit,
  auth,
  broadcasts,
  common,
  contacts,
  dashboard,
  developers,
  errors,
  inbox,
  notifications,
  outreach,
  profile,
  settings,
  shell,
  templates,
  validation,
};
