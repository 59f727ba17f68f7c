// One file per screen or area, so each can be translated and reviewed on its own.
import auth from "./auth.json";
import contacts from "./contacts.json";
import dashboard from "./dashboard.json";
import errors from "./errors.json";
import outreach from "./outreach.json";
import profile from "./profile.json";
import validation from "./validation.json";

export default { auth, contacts, dashboard, errors, outreach, profile, validation };
