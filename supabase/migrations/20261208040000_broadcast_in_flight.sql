-- A broadcast queues only as many messages ahead as its number sends in the
-- next few seconds (src/server/broadcasts/run.ts, queueStep), so every
-- number's sends are among the queue's oldest and each sends at its own
-- pace. Each batch counts the broadcast's messages queued and not yet sent
-- (the recipient's state follows its message): this index holds just those.
create index broadcast_recipients_in_flight_idx on public.broadcast_recipients (broadcast_id)
  where state = 'queued' and message_id is not null;
