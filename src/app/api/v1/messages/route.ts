import { handleApiRequest } from "@/server/api/http";
import { sendMessageRoute } from "@/server/api/routes";

export const POST = (request: Request) => handleApiRequest(sendMessageRoute, request);
