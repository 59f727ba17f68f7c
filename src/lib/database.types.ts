
export type Json = string | number | boolean | null | { [key: string]: Json | undefined } | Json[]

export type Database = {
  
  "public": {
          Tables: {
            "ai_runs": {
                  Row: {
                    "attempts": number,"completion_tokens": number,"conversation_id": string,"created_at": string,"error": string | null,"finished_at": string | null,"id": string,"latency_ms": number | null,"model": string,"outcome": string,"prompt_tokens": number,"reply_message_id": string | null,"tool_calls": NonNullable<Json>,"trigger_message_ids": (string)[],"trigger_until": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "attempts"?: number,"completion_tokens"?: number,"conversation_id": string,"created_at"?: string,"error"?: string | null,"finished_at"?: string | null,"id"?: string,"latency_ms"?: number | null,"model": string,"outcome"?: string,"prompt_tokens"?: number,"reply_message_id"?: string | null,"tool_calls"?: NonNullable<Json>,"trigger_message_ids": (string)[],"trigger_until": string,"workspace_id": string
                  }
                  Update: {
                    "attempts"?: number,"completion_tokens"?: number,"conversation_id"?: string,"created_at"?: string,"error"?: string | null,"finished_at"?: string | null,"id"?: string,"latency_ms"?: number | null,"model"?: string,"outcome"?: string,"prompt_tokens"?: number,"reply_message_id"?: string | null,"tool_calls"?: NonNullable<Json>,"trigger_message_ids"?: (string)[],"trigger_until"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "ai_runs_workspace_id_conversation_id_fkey"
      columns: ["workspace_id","conversation_id"]
isOneToOne: false
      referencedRelation: "conversations"
      referencedColumns: ["workspace_id","id"]
    },{
      foreignKeyName: "ai_runs_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"ai_settings": {
                  Row: {
                    "api_key_encrypted": string | null,"api_key_last4": string | null,"base_url": string | null,"business_hours_mode": string,"business_profile": string,"debounce_seconds": number,"enabled": boolean,"handoff_on_complaint": boolean,"handoff_on_orders": boolean,"handoff_on_request": boolean,"handoff_out_of_scope": boolean,"history_messages": number,"holding_message": string | null,"instructions": string,"knowledge": NonNullable<Json>,"max_ai_replies": number | null,"model": string,"monthly_token_budget": number | null,"timeout_seconds": number,"updated_at": string,"updated_by": string | null,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "api_key_encrypted"?: string | null,"api_key_last4"?: string | null,"base_url"?: string | null,"business_hours_mode"?: string,"business_profile"?: string,"debounce_seconds"?: number,"enabled"?: boolean,"handoff_on_complaint"?: boolean,"handoff_on_orders"?: boolean,"handoff_on_request"?: boolean,"handoff_out_of_scope"?: boolean,"history_messages"?: number,"holding_message"?: string | null,"instructions"?: string,"knowledge"?: NonNullable<Json>,"max_ai_replies"?: number | null,"model"?: string,"monthly_token_budget"?: number | null,"timeout_seconds"?: number,"updated_at"?: string,"updated_by"?: string | null,"workspace_id": string
                  }
                  Update: {
                    "api_key_encrypted"?: string | null,"api_key_last4"?: string | null,"base_url"?: string | null,"business_hours_mode"?: string,"business_profile"?: string,"debounce_seconds"?: number,"enabled"?: boolean,"handoff_on_complaint"?: boolean,"handoff_on_orders"?: boolean,"handoff_on_request"?: boolean,"handoff_out_of_scope"?: boolean,"history_messages"?: number,"holding_message"?: string | null,"instructions"?: string,"knowledge"?: NonNullable<Json>,"max_ai_replies"?: number | null,"model"?: string,"monthly_token_budget"?: number | null,"timeout_seconds"?: number,"updated_at"?: string,"updated_by"?: string | null,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "ai_settings_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: true
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"api_idempotency_keys": {
                  Row: {
                    "api_key_id": string,"created_at": string,"key": string,"message_id": string | null,"request_hash": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "api_key_id": string,"created_at"?: string,"key": string,"message_id"?: string | null,"request_hash": string,"workspace_id": string
                  }
                  Update: {
                    "api_key_id"?: string,"created_at"?: string,"key"?: string,"message_id"?: string | null,"request_hash"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "api_idempotency_keys_workspace_id_api_key_id_fkey"
      columns: ["workspace_id","api_key_id"]
isOneToOne: false
      referencedRelation: "api_keys"
      referencedColumns: ["workspace_id","id"]
    },{
      foreignKeyName: "api_idempotency_keys_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "api_idempotency_keys_workspace_id_message_id_fkey"
      columns: ["workspace_id","message_id"]
isOneToOne: false
      referencedRelation: "messages"
      referencedColumns: ["workspace_id","id"]
    }
                  ]
                },"api_keys": {
                  Row: {
                    "created_at": string,"created_by": string | null,"id": string,"key_hash": string,"last_used_at": string | null,"name": string,"prefix": string,"rate_limit_per_minute": number,"rate_window_count": number,"rate_window_start": string | null,"revoked_at": string | null,"revoked_by": string | null,"scope": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"created_by"?: string | null,"id"?: string,"key_hash": string,"last_used_at"?: string | null,"name": string,"prefix": string,"rate_limit_per_minute"?: number,"rate_window_count"?: number,"rate_window_start"?: string | null,"revoked_at"?: string | null,"revoked_by"?: string | null,"scope": string,"workspace_id": string
                  }
                  Update: {
                    "created_at"?: string,"created_by"?: string | null,"id"?: string,"key_hash"?: string,"last_used_at"?: string | null,"name"?: string,"prefix"?: string,"rate_limit_per_minute"?: number,"rate_window_count"?: number,"rate_window_start"?: string | null,"revoked_at"?: string | null,"revoked_by"?: string | null,"scope"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "api_keys_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"audit_log": {
                  Row: {
                    "action": string,"actor_email": string | null,"actor_id": string | null,"created_at": string,"details": NonNullable<Json>,"id": number,"target_id": string | null,"target_label": string | null,"target_type": string | null,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "action": string,"actor_email"?: string | null,"actor_id"?: string | null,"created_at"?: string,"details"?: NonNullable<Json>,"id"?: never,"target_id"?: string | null,"target_label"?: string | null,"target_type"?: string | null,"workspace_id": string
                  }
                  Update: {
                    "action"?: string,"actor_email"?: string | null,"actor_id"?: string | null,"created_at"?: string,"details"?: NonNullable<Json>,"id"?: never,"target_id"?: string | null,"target_label"?: string | null,"target_type"?: string | null,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "audit_log_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"broadcast_recipients": {
                  Row: {
                    "broadcast_id": string,"contact_id": string | null,"conversation_id": string | null,"created_at": string,"delivered_at": string | null,"failed_at": string | null,"failure_code": string | null,"failure_reason": string | null,"id": string,"message_id": string | null,"parameters": NonNullable<Json>,"phone": string | null,"read_at": string | null,"replied_at": string | null,"sent_at": string | null,"skip_reason": string | null,"state": string,"updated_at": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "broadcast_id": string,"contact_id"?: string | null,"conversation_id"?: string | null,"created_at"?: string,"delivered_at"?: string | null,"failed_at"?: string | null,"failure_code"?: string | null,"failure_reason"?: string | null,"id"?: string,"message_id"?: string | null,"parameters"?: NonNullable<Json>,"phone"?: string | null,"read_at"?: string | null,"replied_at"?: string | null,"sent_at"?: string | null,"skip_reason"?: string | null,"state"?: string,"updated_at"?: string,"workspace_id": string
                  }
                  Update: {
                    "broadcast_id"?: string,"contact_id"?: string | null,"conversation_id"?: string | null,"created_at"?: string,"delivered_at"?: string | null,"failed_at"?: string | null,"failure_code"?: string | null,"failure_reason"?: string | null,"id"?: string,"message_id"?: string | null,"parameters"?: NonNullable<Json>,"phone"?: string | null,"read_at"?: string | null,"replied_at"?: string | null,"sent_at"?: string | null,"skip_reason"?: string | null,"state"?: string,"updated_at"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "broadcast_recipients_workspace_id_broadcast_id_fkey"
      columns: ["workspace_id","broadcast_id"]
isOneToOne: false
      referencedRelation: "broadcasts"
      referencedColumns: ["workspace_id","id"]
    },{
      foreignKeyName: "broadcast_recipients_workspace_id_contact_id_fkey"
      columns: ["workspace_id","contact_id"]
isOneToOne: false
      referencedRelation: "contacts"
      referencedColumns: ["workspace_id","id"]
    },{
      foreignKeyName: "broadcast_recipients_workspace_id_conversation_id_fkey"
      columns: ["workspace_id","conversation_id"]
isOneToOne: false
      referencedRelation: "conversations"
      referencedColumns: ["workspace_id","id"]
    },{
      foreignKeyName: "broadcast_recipients_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "broadcast_recipients_workspace_id_message_id_fkey"
      columns: ["workspace_id","message_id"]
isOneToOne: false
      referencedRelation: "messages"
      referencedColumns: ["workspace_id","id"]
    }
                  ]
                },"broadcasts": {
                  Row: {
                    "audience_filter": Json | null,"cancelled_at": string | null,"channel_id": string,"completed_at": string | null,"created_at": string,"created_by": string | null,"created_by_api_key": string | null,"csv_duplicates": number,"csv_invalid": (string)[],"csv_phones": (string)[],"duplicate_count": number,"expanded_at": string | null,"expanded_contact_id": string | null,"expanded_csv": number,"expanded_filter": boolean,"header_media": Json | null,"header_media_id": string | null,"id": string,"name": string,"parameters": NonNullable<Json>,"scheduled_at": string | null,"started_at": string | null,"state": string,"template_components": NonNullable<Json>,"template_id": string | null,"template_language": string,"template_name": string,"updated_at": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "audience_filter"?: Json | null,"cancelled_at"?: string | null,"channel_id": string,"completed_at"?: string | null,"created_at"?: string,"created_by"?: string | null,"created_by_api_key"?: string | null,"csv_duplicates"?: number,"csv_invalid"?: (string)[],"csv_phones"?: (string)[],"duplicate_count"?: number,"expanded_at"?: string | null,"expanded_contact_id"?: string | null,"expanded_csv"?: number,"expanded_filter"?: boolean,"header_media"?: Json | null,"header_media_id"?: string | null,"id"?: string,"name": string,"parameters"?: NonNullable<Json>,"scheduled_at"?: string | null,"started_at"?: string | null,"state"?: string,"template_components"?: NonNullable<Json>,"template_id"?: string | null,"template_language": string,"template_name": string,"updated_at"?: string,"workspace_id": string
                  }
                  Update: {
                    "audience_filter"?: Json | null,"cancelled_at"?: string | null,"channel_id"?: string,"completed_at"?: string | null,"created_at"?: string,"created_by"?: string | null,"created_by_api_key"?: string | null,"csv_duplicates"?: number,"csv_invalid"?: (string)[],"csv_phones"?: (string)[],"duplicate_count"?: number,"expanded_at"?: string | null,"expanded_contact_id"?: string | null,"expanded_csv"?: number,"expanded_filter"?: boolean,"header_media"?: Json | null,"header_media_id"?: string | null,"id"?: string,"name"?: string,"parameters"?: NonNullable<Json>,"scheduled_at"?: string | null,"started_at"?: string | null,"state"?: string,"template_components"?: NonNullable<Json>,"template_id"?: string | null,"template_language"?: string,"template_name"?: string,"updated_at"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "broadcasts_template_id_fkey"
      columns: ["template_id"]
isOneToOne: false
      referencedRelation: "whatsapp_templates"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "broadcasts_workspace_id_channel_id_fkey"
      columns: ["workspace_id","channel_id"]
isOneToOne: false
      referencedRelation: "whatsapp_channels"
      referencedColumns: ["workspace_id","id"]
    },{
      foreignKeyName: "broadcasts_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"canned_responses": {
                  Row: {
                    "attachment_id": string | null,"attachment_name": string | null,"attachment_size": number | null,"attachment_type": string | null,"body": string,"code": string,"created_at": string,"id": string,"last_used_at": string | null,"owner_id": string | null,"title": string,"updated_at": string,"usage_count": number,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "attachment_id"?: string | null,"attachment_name"?: string | null,"attachment_size"?: number | null,"attachment_type"?: string | null,"body": string,"code": string,"created_at"?: string,"id"?: string,"last_used_at"?: string | null,"owner_id"?: string | null,"title": string,"updated_at"?: string,"usage_count"?: number,"workspace_id": string
                  }
                  Update: {
                    "attachment_id"?: string | null,"attachment_name"?: string | null,"attachment_size"?: number | null,"attachment_type"?: string | null,"body"?: string,"code"?: string,"created_at"?: string,"id"?: string,"last_used_at"?: string | null,"owner_id"?: string | null,"title"?: string,"updated_at"?: string,"usage_count"?: number,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "canned_responses_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"contact_events": {
                  Row: {
                    "actor_id": string | null,"contact_id": string,"created_at": string,"data": NonNullable<Json>,"id": number,"kind": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "actor_id"?: string | null,"contact_id": string,"created_at"?: string,"data"?: NonNullable<Json>,"id"?: never,"kind": string,"workspace_id": string
                  }
                  Update: {
                    "actor_id"?: string | null,"contact_id"?: string,"created_at"?: string,"data"?: NonNullable<Json>,"id"?: never,"kind"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "contact_events_workspace_id_contact_id_fkey"
      columns: ["workspace_id","contact_id"]
isOneToOne: false
      referencedRelation: "contacts"
      referencedColumns: ["workspace_id","id"]
    },{
      foreignKeyName: "contact_events_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"contact_fields": {
                  Row: {
                    "created_at": string,"key": string,"label": string,"position": number,"type": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"key": string,"label": string,"position"?: number,"type"?: string,"workspace_id": string
                  }
                  Update: {
                    "created_at"?: string,"key"?: string,"label"?: string,"position"?: number,"type"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "contact_fields_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"contact_import_skips": {
                  Row: {
                    "cells": (string)[],"import_id": string,"imported": boolean,"reason": string,"row_number": number,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "cells": (string)[],"import_id": string,"imported"?: boolean,"reason": string,"row_number": number,"workspace_id": string
                  }
                  Update: {
                    "cells"?: (string)[],"import_id"?: string,"imported"?: boolean,"reason"?: string,"row_number"?: number,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "contact_import_skips_workspace_id_import_id_fkey"
      columns: ["workspace_id","import_id"]
isOneToOne: false
      referencedRelation: "contact_imports"
      referencedColumns: ["workspace_id","id"]
    }
                  ]
                },"contact_imports": {
                  Row: {
                    "created_at": string,"created_by": string,"created_count": number,"csv": string,"delimiter": string,"error": string | null,"file_name": string,"finished_at": string | null,"headers": (string)[],"id": string,"mapping": Json | null,"on_duplicate": string,"overwrite": (string)[],"preview_rows": NonNullable<Json>,"processed_rows": number,"skipped_count": number,"started_at": string | null,"status": string,"status_map": NonNullable<Json>,"total_rows": number,"updated_count": number,"warned_count": number,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"created_by": string,"created_count"?: number,"csv": string,"delimiter": string,"error"?: string | null,"file_name": string,"finished_at"?: string | null,"headers": (string)[],"id"?: string,"mapping"?: Json | null,"on_duplicate"?: string,"overwrite"?: (string)[],"preview_rows"?: NonNullable<Json>,"processed_rows"?: number,"skipped_count"?: number,"started_at"?: string | null,"status"?: string,"status_map"?: NonNullable<Json>,"total_rows": number,"updated_count"?: number,"warned_count"?: number,"workspace_id": string
                  }
                  Update: {
                    "created_at"?: string,"created_by"?: string,"created_count"?: number,"csv"?: string,"delimiter"?: string,"error"?: string | null,"file_name"?: string,"finished_at"?: string | null,"headers"?: (string)[],"id"?: string,"mapping"?: Json | null,"on_duplicate"?: string,"overwrite"?: (string)[],"preview_rows"?: NonNullable<Json>,"processed_rows"?: number,"skipped_count"?: number,"started_at"?: string | null,"status"?: string,"status_map"?: NonNullable<Json>,"total_rows"?: number,"updated_count"?: number,"warned_count"?: number,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "contact_imports_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"contacts": {
                  Row: {
                    "business_user_id": string | null,"created_at": string,"custom_attributes": NonNullable<Json>,"email": string | null,"first_seen_at": string,"id": string,"last_activity_at": string,"lead_score": number,"lead_status": string,"name": string | null,"notes": string | null,"opted_out_at": string | null,"opted_out_reason": string | null,"opted_out_source": string | null,"owner_id": string | null,"phone_e164": string | null,"profile_name": string | null,"provider_conversation_id": string | null,"source": string,"tags": (string)[],"updated_at": string,"username": string | null,"wa_id": string | null,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "business_user_id"?: string | null,"created_at"?: string,"custom_attributes"?: NonNullable<Json>,"email"?: string | null,"first_seen_at"?: string,"id"?: string,"last_activity_at"?: string,"lead_score"?: number,"lead_status"?: string,"name"?: string | null,"notes"?: string | null,"opted_out_at"?: string | null,"opted_out_reason"?: string | null,"opted_out_source"?: string | null,"owner_id"?: string | null,"phone_e164"?: string | null,"profile_name"?: string | null,"provider_conversation_id"?: string | null,"source"?: string,"tags"?: (string)[],"updated_at"?: string,"username"?: string | null,"wa_id"?: string | null,"workspace_id": string
                  }
                  Update: {
                    "business_user_id"?: string | null,"created_at"?: string,"custom_attributes"?: NonNullable<Json>,"email"?: string | null,"first_seen_at"?: string,"id"?: string,"last_activity_at"?: string,"lead_score"?: number,"lead_status"?: string,"name"?: string | null,"notes"?: string | null,"opted_out_at"?: string | null,"opted_out_reason"?: string | null,"opted_out_source"?: string | null,"owner_id"?: string | null,"phone_e164"?: string | null,"profile_name"?: string | null,"provider_conversation_id"?: string | null,"source"?: string,"tags"?: (string)[],"updated_at"?: string,"username"?: string | null,"wa_id"?: string | null,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "contacts_lead_status_fkey"
      columns: ["workspace_id","lead_status"]
isOneToOne: false
      referencedRelation: "lead_stages"
      referencedColumns: ["workspace_id","key"]
    },{
      foreignKeyName: "contacts_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"conversation_activity": {
                  Row: {
                    "actor_id": string | null,"conversation_id": string,"created_at": string,"data": NonNullable<Json>,"id": string,"kind": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "actor_id"?: string | null,"conversation_id": string,"created_at"?: string,"data"?: NonNullable<Json>,"id"?: string,"kind": string,"workspace_id": string
                  }
                  Update: {
                    "actor_id"?: string | null,"conversation_id"?: string,"created_at"?: string,"data"?: NonNullable<Json>,"id"?: string,"kind"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "conversation_activity_workspace_id_conversation_id_fkey"
      columns: ["workspace_id","conversation_id"]
isOneToOne: false
      referencedRelation: "conversations"
      referencedColumns: ["workspace_id","id"]
    },{
      foreignKeyName: "conversation_activity_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"conversation_labels": {
                  Row: {
                    "added_at": string,"added_by": string | null,"conversation_id": string,"label_id": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "added_at"?: string,"added_by"?: string | null,"conversation_id": string,"label_id": string,"workspace_id": string
                  }
                  Update: {
                    "added_at"?: string,"added_by"?: string | null,"conversation_id"?: string,"label_id"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "conversation_labels_workspace_id_conversation_id_fkey"
      columns: ["workspace_id","conversation_id"]
isOneToOne: false
      referencedRelation: "conversations"
      referencedColumns: ["workspace_id","id"]
    },{
      foreignKeyName: "conversation_labels_workspace_id_label_id_fkey"
      columns: ["workspace_id","label_id"]
isOneToOne: false
      referencedRelation: "labels"
      referencedColumns: ["workspace_id","id"]
    }
                  ]
                },"conversations": {
                  Row: {
                    "ai_paused": boolean,"ai_replies": number,"assigned_to": string | null,"broadcast_id": string | null,"channel_id": string,"contact_id": string,"contact_search_name": string,"contact_search_phone": string,"created_at": string,"first_customer_message_at": string | null,"first_reply_at": string | null,"id": string,"is_read": boolean,"last_customer_message_at": string | null,"last_message_at": string | null,"last_message_direction": string | null,"last_message_id": string | null,"last_message_preview": string | null,"last_message_seq": number,"last_message_status": string | null,"last_message_type": string | null,"needs_human": boolean,"needs_human_at": string | null,"needs_human_reason": string | null,"opened_at": string,"provider_conversation_id": string | null,"resolved_at": string | null,"snoozed_until": string | null,"status": string,"team_id": string | null,"unread_count": number,"updated_at": string,"workspace_id": string,"conversation_list_item": Json | null
                  }
                  ComputedFields: "conversation_list_item"
                  Insert: {
                    "ai_paused"?: boolean,"ai_replies"?: number,"assigned_to"?: string | null,"broadcast_id"?: string | null,"channel_id": string,"contact_id": string,"contact_search_name"?: string,"contact_search_phone"?: string,"created_at"?: string,"first_customer_message_at"?: string | null,"first_reply_at"?: string | null,"id"?: string,"is_read"?: boolean,"last_customer_message_at"?: string | null,"last_message_at"?: string | null,"last_message_direction"?: string | null,"last_message_id"?: string | null,"last_message_preview"?: string | null,"last_message_seq"?: number,"last_message_status"?: string | null,"last_message_type"?: string | null,"needs_human"?: boolean,"needs_human_at"?: string | null,"needs_human_reason"?: string | null,"opened_at"?: string,"provider_conversation_id"?: string | null,"resolved_at"?: string | null,"snoozed_until"?: string | null,"status"?: string,"team_id"?: string | null,"unread_count"?: number,"updated_at"?: string,"workspace_id": string
                  }
                  Update: {
                    "ai_paused"?: boolean,"ai_replies"?: number,"assigned_to"?: string | null,"broadcast_id"?: string | null,"channel_id"?: string,"contact_id"?: string,"contact_search_name"?: string,"contact_search_phone"?: string,"created_at"?: string,"first_customer_message_at"?: string | null,"first_reply_at"?: string | null,"id"?: string,"is_read"?: boolean,"last_customer_message_at"?: string | null,"last_message_at"?: string | null,"last_message_direction"?: string | null,"last_message_id"?: string | null,"last_message_preview"?: string | null,"last_message_seq"?: number,"last_message_status"?: string | null,"last_message_type"?: string | null,"needs_human"?: boolean,"needs_human_at"?: string | null,"needs_human_reason"?: string | null,"opened_at"?: string,"provider_conversation_id"?: string | null,"resolved_at"?: string | null,"snoozed_until"?: string | null,"status"?: string,"team_id"?: string | null,"unread_count"?: number,"updated_at"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "conversations_broadcast_fk"
      columns: ["workspace_id","broadcast_id"]
isOneToOne: false
      referencedRelation: "broadcasts"
      referencedColumns: ["workspace_id","id"]
    },{
      foreignKeyName: "conversations_team_fk"
      columns: ["workspace_id","team_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["workspace_id","id"]
    },{
      foreignKeyName: "conversations_workspace_id_channel_id_fkey"
      columns: ["workspace_id","channel_id"]
isOneToOne: false
      referencedRelation: "whatsapp_channels"
      referencedColumns: ["workspace_id","id"]
    },{
      foreignKeyName: "conversations_workspace_id_contact_id_fkey"
      columns: ["workspace_id","contact_id"]
isOneToOne: false
      referencedRelation: "contacts"
      referencedColumns: ["workspace_id","id"]
    },{
      foreignKeyName: "conversations_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"inbox_views": {
                  Row: {
                    "created_at": string,"created_by": string | null,"filter": NonNullable<Json>,"id": string,"name": string,"owner_id": string | null,"position": number,"updated_at": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"created_by"?: string | null,"filter"?: NonNullable<Json>,"id"?: string,"name": string,"owner_id"?: string | null,"position"?: number,"updated_at"?: string,"workspace_id": string
                  }
                  Update: {
                    "created_at"?: string,"created_by"?: string | null,"filter"?: NonNullable<Json>,"id"?: string,"name"?: string,"owner_id"?: string | null,"position"?: number,"updated_at"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "inbox_views_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"kapso_customers": {
                  Row: {
                    "created_at": string,"kapso_customer_id": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"kapso_customer_id": string,"workspace_id": string
                  }
                  Update: {
                    "created_at"?: string,"kapso_customer_id"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "kapso_customers_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: true
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"kapso_setup_links": {
                  Row: {
                    "channel_id": string | null,"created_at": string,"created_by": string | null,"expires_at": string | null,"id": string,"kapso_customer_id": string,"kapso_setup_link_id": string,"provision_phone_number": boolean,"state": string,"url": string,"used_at": string | null,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "channel_id"?: string | null,"created_at"?: string,"created_by"?: string | null,"expires_at"?: string | null,"id"?: string,"kapso_customer_id": string,"kapso_setup_link_id": string,"provision_phone_number"?: boolean,"state": string,"url": string,"used_at"?: string | null,"workspace_id": string
                  }
                  Update: {
                    "channel_id"?: string | null,"created_at"?: string,"created_by"?: string | null,"expires_at"?: string | null,"id"?: string,"kapso_customer_id"?: string,"kapso_setup_link_id"?: string,"provision_phone_number"?: boolean,"state"?: string,"url"?: string,"used_at"?: string | null,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "kapso_setup_links_workspace_id_channel_id_fkey"
      columns: ["workspace_id","channel_id"]
isOneToOne: false
      referencedRelation: "whatsapp_channels"
      referencedColumns: ["workspace_id","id"]
    },{
      foreignKeyName: "kapso_setup_links_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"labels": {
                  Row: {
                    "color": string,"created_at": string,"created_by": string | null,"description": string | null,"id": string,"name": string,"updated_at": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "color"?: string,"created_at"?: string,"created_by"?: string | null,"description"?: string | null,"id"?: string,"name": string,"updated_at"?: string,"workspace_id": string
                  }
                  Update: {
                    "color"?: string,"created_at"?: string,"created_by"?: string | null,"description"?: string | null,"id"?: string,"name"?: string,"updated_at"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "labels_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"lead_stages": {
                  Row: {
                    "created_at": string,"key": string,"label": string,"position": number,"tone": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"key": string,"label": string,"position"?: number,"tone"?: string,"workspace_id": string
                  }
                  Update: {
                    "created_at"?: string,"key"?: string,"label"?: string,"position"?: number,"tone"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "lead_stages_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"member_availability": {
                  Row: {
                    "availability": string,"last_seen_at": string,"present": boolean,"updated_at": string,"user_id": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "availability"?: string,"last_seen_at"?: string,"present"?: boolean,"updated_at"?: string,"user_id": string,"workspace_id": string
                  }
                  Update: {
                    "availability"?: string,"last_seen_at"?: string,"present"?: boolean,"updated_at"?: string,"user_id"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "member_availability_workspace_id_user_id_fkey"
      columns: ["workspace_id","user_id"]
isOneToOne: true
      referencedRelation: "workspace_members"
      referencedColumns: ["workspace_id","user_id"]
    }
                  ]
                },"message_statuses": {
                  Row: {
                    "details": Json | null,"errors": Json | null,"id": number,"occurred_at": string,"received_at": string,"status": string,"wamid": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "details"?: Json | null,"errors"?: Json | null,"id"?: never,"occurred_at": string,"received_at"?: string,"status": string,"wamid": string,"workspace_id": string
                  }
                  Update: {
                    "details"?: Json | null,"errors"?: Json | null,"id"?: never,"occurred_at"?: string,"received_at"?: string,"status"?: string,"wamid"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "message_statuses_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"messages": {
                  Row: {
                    "body": string | null,"content": NonNullable<Json>,"conversation_id": string,"created_at": string,"delivered_at": string | null,"direction": string,"edited_at": string | null,"error": Json | null,"failed_at": string | null,"id": string,"idempotency_key": string | null,"is_forwarded": boolean,"is_historical": boolean,"media_caption": string | null,"media_error": string | null,"media_filename": string | null,"media_id": string | null,"media_mime_type": string | null,"media_sha256": string | null,"media_size": number | null,"media_status": string | null,"media_storage_path": string | null,"media_url": string | null,"played_at": string | null,"read_at": string | null,"reply_to_wamid": string | null,"revoked_at": string | null,"send_attempts": number,"send_claimed_at": string | null,"send_requested_at": string | null,"sender_api_key_id": string | null,"sender_type": string,"sender_user_id": string | null,"sent_at": string,"status": string,"status_details": Json | null,"target_wamid": string | null,"type": string,"updated_at": string,"wamid": string | null,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "body"?: string | null,"content"?: NonNullable<Json>,"conversation_id": string,"created_at"?: string,"delivered_at"?: string | null,"direction": string,"edited_at"?: string | null,"error"?: Json | null,"failed_at"?: string | null,"id"?: string,"idempotency_key"?: string | null,"is_forwarded"?: boolean,"is_historical"?: boolean,"media_caption"?: string | null,"media_error"?: string | null,"media_filename"?: string | null,"media_id"?: string | null,"media_mime_type"?: string | null,"media_sha256"?: string | null,"media_size"?: number | null,"media_status"?: string | null,"media_storage_path"?: string | null,"media_url"?: string | null,"played_at"?: string | null,"read_at"?: string | null,"reply_to_wamid"?: string | null,"revoked_at"?: string | null,"send_attempts"?: number,"send_claimed_at"?: string | null,"send_requested_at"?: string | null,"sender_api_key_id"?: string | null,"sender_type": string,"sender_user_id"?: string | null,"sent_at"?: string,"status"?: string,"status_details"?: Json | null,"target_wamid"?: string | null,"type": string,"updated_at"?: string,"wamid"?: string | null,"workspace_id": string
                  }
                  Update: {
                    "body"?: string | null,"content"?: NonNullable<Json>,"conversation_id"?: string,"created_at"?: string,"delivered_at"?: string | null,"direction"?: string,"edited_at"?: string | null,"error"?: Json | null,"failed_at"?: string | null,"id"?: string,"idempotency_key"?: string | null,"is_forwarded"?: boolean,"is_historical"?: boolean,"media_caption"?: string | null,"media_error"?: string | null,"media_filename"?: string | null,"media_id"?: string | null,"media_mime_type"?: string | null,"media_sha256"?: string | null,"media_size"?: number | null,"media_status"?: string | null,"media_storage_path"?: string | null,"media_url"?: string | null,"played_at"?: string | null,"read_at"?: string | null,"reply_to_wamid"?: string | null,"revoked_at"?: string | null,"send_attempts"?: number,"send_claimed_at"?: string | null,"send_requested_at"?: string | null,"sender_api_key_id"?: string | null,"sender_type"?: string,"sender_user_id"?: string | null,"sent_at"?: string,"status"?: string,"status_details"?: Json | null,"target_wamid"?: string | null,"type"?: string,"updated_at"?: string,"wamid"?: string | null,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "messages_sender_api_key_id_fkey"
      columns: ["sender_api_key_id"]
isOneToOne: false
      referencedRelation: "api_keys"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "messages_workspace_id_conversation_id_fkey"
      columns: ["workspace_id","conversation_id"]
isOneToOne: false
      referencedRelation: "conversations"
      referencedColumns: ["workspace_id","id"]
    },{
      foreignKeyName: "messages_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"notification_preferences": {
                  Row: {
                    "browser": boolean,"in_app": boolean,"kind": string,"sound": boolean,"updated_at": string,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "browser"?: boolean,"in_app"?: boolean,"kind": string,"sound"?: boolean,"updated_at"?: string,"user_id": string
                  }
                  Update: {
                    "browser"?: boolean,"in_app"?: boolean,"kind"?: string,"sound"?: boolean,"updated_at"?: string,"user_id"?: string
                  }
                  Relationships: [
                    
                  ]
                },"notifications": {
                  Row: {
                    "actor_user_id": string | null,"conversation_id": string,"created_at": string,"id": string,"kind": string,"message_id": string | null,"read_at": string | null,"user_id": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "actor_user_id"?: string | null,"conversation_id": string,"created_at"?: string,"id"?: string,"kind": string,"message_id"?: string | null,"read_at"?: string | null,"user_id": string,"workspace_id": string
                  }
                  Update: {
                    "actor_user_id"?: string | null,"conversation_id"?: string,"created_at"?: string,"id"?: string,"kind"?: string,"message_id"?: string | null,"read_at"?: string | null,"user_id"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "notifications_workspace_id_conversation_id_fkey"
      columns: ["workspace_id","conversation_id"]
isOneToOne: false
      referencedRelation: "conversations"
      referencedColumns: ["workspace_id","id"]
    },{
      foreignKeyName: "notifications_workspace_id_message_id_fkey"
      columns: ["workspace_id","message_id"]
isOneToOne: false
      referencedRelation: "messages"
      referencedColumns: ["workspace_id","id"]
    },{
      foreignKeyName: "notifications_workspace_id_user_id_fkey"
      columns: ["workspace_id","user_id"]
isOneToOne: false
      referencedRelation: "workspace_members"
      referencedColumns: ["workspace_id","user_id"]
    }
                  ]
                },"team_members": {
                  Row: {
                    "created_at": string,"team_id": string,"user_id": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"team_id": string,"user_id": string,"workspace_id": string
                  }
                  Update: {
                    "created_at"?: string,"team_id"?: string,"user_id"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "team_members_workspace_id_team_id_fkey"
      columns: ["workspace_id","team_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["workspace_id","id"]
    },{
      foreignKeyName: "team_members_workspace_id_user_id_fkey"
      columns: ["workspace_id","user_id"]
isOneToOne: false
      referencedRelation: "workspace_members"
      referencedColumns: ["workspace_id","user_id"]
    }
                  ]
                },"teams": {
                  Row: {
                    "assignment_cap": number | null,"auto_assign": boolean,"created_at": string,"description": string | null,"id": string,"last_assigned_to": string | null,"name": string,"updated_at": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "assignment_cap"?: number | null,"auto_assign"?: boolean,"created_at"?: string,"description"?: string | null,"id"?: string,"last_assigned_to"?: string | null,"name": string,"updated_at"?: string,"workspace_id": string
                  }
                  Update: {
                    "assignment_cap"?: number | null,"auto_assign"?: boolean,"created_at"?: string,"description"?: string | null,"id"?: string,"last_assigned_to"?: string | null,"name"?: string,"updated_at"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "teams_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"user_avatars": {
                  Row: {
                    "avatar_id": string,"content_type": string,"updated_at": string,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "avatar_id": string,"content_type": string,"updated_at"?: string,"user_id": string
                  }
                  Update: {
                    "avatar_id"?: string,"content_type"?: string,"updated_at"?: string,"user_id"?: string
                  }
                  Relationships: [
                    
                  ]
                },"webhook_attempts": {
                  Row: {
                    "attempted_at": string,"delivery_id": string,"error": string | null,"id": number,"latency_ms": number,"response_excerpt": string | null,"response_status": number | null,"succeeded": boolean,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "attempted_at"?: string,"delivery_id": string,"error"?: string | null,"id"?: never,"latency_ms": number,"response_excerpt"?: string | null,"response_status"?: number | null,"succeeded": boolean,"workspace_id": string
                  }
                  Update: {
                    "attempted_at"?: string,"delivery_id"?: string,"error"?: string | null,"id"?: never,"latency_ms"?: number,"response_excerpt"?: string | null,"response_status"?: number | null,"succeeded"?: boolean,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "webhook_attempts_workspace_id_delivery_id_fkey"
      columns: ["workspace_id","delivery_id"]
isOneToOne: false
      referencedRelation: "webhook_deliveries"
      referencedColumns: ["workspace_id","id"]
    },{
      foreignKeyName: "webhook_attempts_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"webhook_deliveries": {
                  Row: {
                    "attempts": number,"created_at": string,"event_id": string,"id": string,"last_attempt_at": string | null,"last_error": string | null,"last_response_status": number | null,"status": string,"subscription_id": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "attempts"?: number,"created_at"?: string,"event_id": string,"id"?: string,"last_attempt_at"?: string | null,"last_error"?: string | null,"last_response_status"?: number | null,"status"?: string,"subscription_id": string,"workspace_id": string
                  }
                  Update: {
                    "attempts"?: number,"created_at"?: string,"event_id"?: string,"id"?: string,"last_attempt_at"?: string | null,"last_error"?: string | null,"last_response_status"?: number | null,"status"?: string,"subscription_id"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "webhook_deliveries_workspace_id_event_id_fkey"
      columns: ["workspace_id","event_id"]
isOneToOne: false
      referencedRelation: "webhook_outbox"
      referencedColumns: ["workspace_id","id"]
    },{
      foreignKeyName: "webhook_deliveries_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "webhook_deliveries_workspace_id_subscription_id_fkey"
      columns: ["workspace_id","subscription_id"]
isOneToOne: false
      referencedRelation: "webhook_subscriptions"
      referencedColumns: ["workspace_id","id"]
    }
                  ]
                },"webhook_events": {
                  Row: {
                    "attempts": number,"channel_id": string | null,"diagnostics": Json | null,"errors": Json | null,"headers": NonNullable<Json>,"id": number,"idempotency_key": string | null,"last_error": string | null,"next_attempt_at": string | null,"outcome": string,"payload": Json | null,"processed_at": string | null,"provider": string,"raw_body": string | null,"received_at": string,"summary": Json | null,"workspace_id": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "attempts"?: number,"channel_id"?: string | null,"diagnostics"?: Json | null,"errors"?: Json | null,"headers"?: NonNullable<Json>,"id"?: never,"idempotency_key"?: string | null,"last_error"?: string | null,"next_attempt_at"?: string | null,"outcome"?: string,"payload"?: Json | null,"processed_at"?: string | null,"provider": string,"raw_body"?: string | null,"received_at"?: string,"summary"?: Json | null,"workspace_id"?: string | null
                  }
                  Update: {
                    "attempts"?: number,"channel_id"?: string | null,"diagnostics"?: Json | null,"errors"?: Json | null,"headers"?: NonNullable<Json>,"id"?: never,"idempotency_key"?: string | null,"last_error"?: string | null,"next_attempt_at"?: string | null,"outcome"?: string,"payload"?: Json | null,"processed_at"?: string | null,"provider"?: string,"raw_body"?: string | null,"received_at"?: string,"summary"?: Json | null,"workspace_id"?: string | null
                  }
                  Relationships: [
                    {
      foreignKeyName: "webhook_events_channel_id_fkey"
      columns: ["channel_id"]
isOneToOne: false
      referencedRelation: "whatsapp_channels"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "webhook_events_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"webhook_outbox": {
                  Row: {
                    "changes": NonNullable<Json>,"created_at": string,"dispatched_at": string | null,"entity_id": string | null,"id": string,"payload": Json | null,"seq": number,"type": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "changes"?: NonNullable<Json>,"created_at"?: string,"dispatched_at"?: string | null,"entity_id"?: string | null,"id"?: string,"payload"?: Json | null,"seq"?: never,"type": string,"workspace_id": string
                  }
                  Update: {
                    "changes"?: NonNullable<Json>,"created_at"?: string,"dispatched_at"?: string | null,"entity_id"?: string | null,"id"?: string,"payload"?: Json | null,"seq"?: never,"type"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "webhook_outbox_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"webhook_subscriptions": {
                  Row: {
                    "consecutive_failures": number,"created_at": string,"created_by": string | null,"description": string | null,"events": (string)[],"failing_since": string | null,"id": string,"last_delivery_at": string | null,"last_delivery_ok": boolean | null,"paused_at": string | null,"paused_reason": string | null,"previous_secret_encrypted": string | null,"previous_secret_expires_at": string | null,"secret_encrypted": string,"secret_rotated_at": string | null,"status": string,"updated_at": string,"url": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "consecutive_failures"?: number,"created_at"?: string,"created_by"?: string | null,"description"?: string | null,"events": (string)[],"failing_since"?: string | null,"id"?: string,"last_delivery_at"?: string | null,"last_delivery_ok"?: boolean | null,"paused_at"?: string | null,"paused_reason"?: string | null,"previous_secret_encrypted"?: string | null,"previous_secret_expires_at"?: string | null,"secret_encrypted": string,"secret_rotated_at"?: string | null,"status"?: string,"updated_at"?: string,"url": string,"workspace_id": string
                  }
                  Update: {
                    "consecutive_failures"?: number,"created_at"?: string,"created_by"?: string | null,"description"?: string | null,"events"?: (string)[],"failing_since"?: string | null,"id"?: string,"last_delivery_at"?: string | null,"last_delivery_ok"?: boolean | null,"paused_at"?: string | null,"paused_reason"?: string | null,"previous_secret_encrypted"?: string | null,"previous_secret_expires_at"?: string | null,"secret_encrypted"?: string,"secret_rotated_at"?: string | null,"status"?: string,"updated_at"?: string,"url"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "webhook_subscriptions_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"whatsapp_channels": {
                  Row: {
                    "connected_at": string | null,"connection_type": string,"created_at": string,"credentials_encrypted": string | null,"credentials_last4": string | null,"default_team_id": string | null,"disconnected_at": string | null,"display_phone_number": string | null,"id": string,"messaging_limit_read_at": string | null,"messaging_limit_tier": string | null,"name": string | null,"phone_number_id": string,"provider": string,"provider_webhook_id": string | null,"send_rate": number,"status": string,"updated_at": string,"waba_id": string | null,"webhook_secret": string,"webhook_token": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "connected_at"?: string | null,"connection_type"?: string,"created_at"?: string,"credentials_encrypted"?: string | null,"credentials_last4"?: string | null,"default_team_id"?: string | null,"disconnected_at"?: string | null,"display_phone_number"?: string | null,"id"?: string,"messaging_limit_read_at"?: string | null,"messaging_limit_tier"?: string | null,"name"?: string | null,"phone_number_id": string,"provider": string,"provider_webhook_id"?: string | null,"send_rate"?: number,"status"?: string,"updated_at"?: string,"waba_id"?: string | null,"webhook_secret"?: string,"webhook_token"?: string,"workspace_id": string
                  }
                  Update: {
                    "connected_at"?: string | null,"connection_type"?: string,"created_at"?: string,"credentials_encrypted"?: string | null,"credentials_last4"?: string | null,"default_team_id"?: string | null,"disconnected_at"?: string | null,"display_phone_number"?: string | null,"id"?: string,"messaging_limit_read_at"?: string | null,"messaging_limit_tier"?: string | null,"name"?: string | null,"phone_number_id"?: string,"provider"?: string,"provider_webhook_id"?: string | null,"send_rate"?: number,"status"?: string,"updated_at"?: string,"waba_id"?: string | null,"webhook_secret"?: string,"webhook_token"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "whatsapp_channels_default_team_fk"
      columns: ["workspace_id","default_team_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["workspace_id","id"]
    },{
      foreignKeyName: "whatsapp_channels_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"whatsapp_templates": {
                  Row: {
                    "category": string | null,"channel_id": string | null,"components": NonNullable<Json>,"created_at": string,"id": string,"language": string | null,"name": string | null,"parameter_format": string,"provider_template_id": string,"quality": string | null,"rejection_reason": string | null,"status": string,"synced_at": string | null,"updated_at": string,"waba_id": string | null,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "category"?: string | null,"channel_id"?: string | null,"components"?: NonNullable<Json>,"created_at"?: string,"id"?: string,"language"?: string | null,"name"?: string | null,"parameter_format"?: string,"provider_template_id": string,"quality"?: string | null,"rejection_reason"?: string | null,"status"?: string,"synced_at"?: string | null,"updated_at"?: string,"waba_id"?: string | null,"workspace_id": string
                  }
                  Update: {
                    "category"?: string | null,"channel_id"?: string | null,"components"?: NonNullable<Json>,"created_at"?: string,"id"?: string,"language"?: string | null,"name"?: string | null,"parameter_format"?: string,"provider_template_id"?: string,"quality"?: string | null,"rejection_reason"?: string | null,"status"?: string,"synced_at"?: string | null,"updated_at"?: string,"waba_id"?: string | null,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "whatsapp_templates_channel_fkey"
      columns: ["workspace_id","channel_id"]
isOneToOne: false
      referencedRelation: "whatsapp_channels"
      referencedColumns: ["workspace_id","id"]
    },{
      foreignKeyName: "whatsapp_templates_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"workspace_invitations": {
                  Row: {
                    "accepted_at": string | null,"accepted_by": string | null,"created_at": string,"email": string,"expires_at": string,"id": string,"invited_by": string | null,"revoked_at": string | null,"role": Database["public"]['Enums']["member_role"],"token": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "accepted_at"?: string | null,"accepted_by"?: string | null,"created_at"?: string,"email": string,"expires_at"?: string,"id"?: string,"invited_by"?: string | null,"revoked_at"?: string | null,"role"?: Database["public"]['Enums']["member_role"],"token"?: string,"workspace_id": string
                  }
                  Update: {
                    "accepted_at"?: string | null,"accepted_by"?: string | null,"created_at"?: string,"email"?: string,"expires_at"?: string,"id"?: string,"invited_by"?: string | null,"revoked_at"?: string | null,"role"?: Database["public"]['Enums']["member_role"],"token"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "workspace_invitations_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"workspace_members": {
                  Row: {
                    "created_at": string,"role": Database["public"]['Enums']["member_role"],"user_id": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"role"?: Database["public"]['Enums']["member_role"],"user_id": string,"workspace_id": string
                  }
                  Update: {
                    "created_at"?: string,"role"?: Database["public"]['Enums']["member_role"],"user_id"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "workspace_members_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"workspaces": {
                  Row: {
                    "agents_send_broadcasts": boolean,"business_hours": NonNullable<Json>,"conversation_visibility": string,"created_at": string,"created_by": string | null,"default_country": string,"default_locale": string,"id": string,"name": string,"opt_out_keywords": (string)[],"settings": NonNullable<Json>,"slug": string,"time_zone": string,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "agents_send_broadcasts"?: boolean,"business_hours"?: NonNullable<Json>,"conversation_visibility"?: string,"created_at"?: string,"created_by"?: string | null,"default_country"?: string,"default_locale"?: string,"id"?: string,"name": string,"opt_out_keywords"?: (string)[],"settings"?: NonNullable<Json>,"slug": string,"time_zone"?: string,"updated_at"?: string
                  }
                  Update: {
                    "agents_send_broadcasts"?: boolean,"business_hours"?: NonNullable<Json>,"conversation_visibility"?: string,"created_at"?: string,"created_by"?: string | null,"default_country"?: string,"default_locale"?: string,"id"?: string,"name"?: string,"opt_out_keywords"?: (string)[],"settings"?: NonNullable<Json>,"slug"?: string,"time_zone"?: string,"updated_at"?: string
                  }
                  Relationships: [
                    
                  ]
                }
          }
          Views: {
            [_ in never]: never
          }
          Functions: {
            "conversation_list_item":
{ Args: { "c": Omit<Database["public"]['Tables']["conversations"]['Row'], Database["public"]['Tables']["conversations"]['ComputedFields']> }; Returns: Json[]
                           },
"create_workspace":
{ Args: { "ws_default_country"?: string,"ws_name": string,"ws_slug": string }; Returns: string
                           },
"dashboard_agent_replies":
{ Args: { "at"?: string,"days"?: number,"ws": string }; Returns: {
              "email": string,"full_name": string,"replies": number,"user_id": string
            }[]
                           },
"dashboard_daily":
{ Args: { "at"?: string,"days"?: number,"ws": string }; Returns: {
              "conversations_started": number,"day": string,"first_responses": number,"inbound": number,"median_first_response_seconds": number,"new_leads": number,"outbound": number
            }[]
                           },
"dashboard_first_response":
{ Args: { "at"?: string,"days"?: number,"ws": string }; Returns: {
              "conversations_started": number,"first_responses": number,"median_seconds": number
            }[]
                           },
"dashboard_open_by_agent":
{ Args: { "ws": string }; Returns: {
              "email": string,"full_name": string,"open": number,"user_id": string
            }[]
                           },
"dashboard_resolution":
{ Args: { "at"?: string,"days"?: number,"ws": string }; Returns: {
              "average_seconds": number,"median_seconds": number,"resolved": number
            }[]
                           },
"dashboard_snapshot":
{ Args: { "ws": string }; Returns: {
              "count": number,"key": string,"kind": string,"label": string,"position": number
            }[]
                           },
"dashboard_teams":
{ Args: { "at"?: string,"days"?: number,"ws": string }; Returns: {
              "median_resolution_seconds": number,"name": string,"open": number,"pending": number,"queued": number,"resolved": number,"snoozed": number,"team_id": string
            }[]
                           },
"list_workspace_members":
{ Args: { "ws": string }; Returns: {
              "email": string,"full_name": string,"joined_at": string,"role": Database["public"]['Enums']["member_role"],"user_id": string
            }[]
                           },
"merge_contacts":
{ Args: { "source_id": string,"target_id": string,"ws": string }; Returns: string
                           },
"record_canned_use":
{ Args: { "response": string }; Returns: undefined
                           },
"search_contacts":
{ Args: { "phone_pattern": string,"text_pattern": string,"ws": string }; Returns: {
              "contact_id": string
            }[]
                           },
"search_conversations":
{ Args: { "before_at"?: string,"before_seq"?: number,"max_rows"?: number,"phone_pattern": string,"text_pattern": string,"ws": string }; Returns: {
              "conversation_id": string,"last_message_at": string,"last_message_seq": number
            }[]
                           },
"set_my_availability":
{ Args: { "status": string,"ws": string }; Returns: undefined
                           },
"touch_my_presence":
{ Args: { "ws": string }; Returns: undefined
                           }
          }
          Enums: {
            "member_role": "owner"|"admin"|"agent"
          }
          CompositeTypes: {
            [_ in never]: never
          }
        }
}

type DatabaseWithoutInternals = Omit<Database, '__InternalSupabase'>

type DefaultSchema = DatabaseWithoutInternals[Extract<keyof Database, "public">]

export type Tables<
  DefaultSchemaTableNameOrOptions extends
    | keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
        DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])
    : never = never
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
      DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])[TableName] extends {
      Row: infer R
    }
    ? R
    : never
  : DefaultSchemaTableNameOrOptions extends keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
  ? (DefaultSchema["Tables"] & DefaultSchema["Views"])[DefaultSchemaTableNameOrOptions] extends {
      Row: infer R
    }
    ? R
    : never
  : never

export type TablesInsert<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never = never
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Insert: infer I
    }
    ? I
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
  ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
      Insert: infer I
    }
    ? I
    : never
  : never

export type TablesUpdate<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never = never
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Update: infer U
    }
    ? U
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
  ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
      Update: infer U
    }
    ? U
    : never
  : never

export type Enums<
  DefaultSchemaEnumNameOrOptions extends
    | keyof DefaultSchema["Enums"]
    | { schema: keyof DatabaseWithoutInternals },
  EnumName extends DefaultSchemaEnumNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"]
    : never = never
> = DefaultSchemaEnumNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"][EnumName]
  : DefaultSchemaEnumNameOrOptions extends keyof DefaultSchema["Enums"]
  ? DefaultSchema["Enums"][DefaultSchemaEnumNameOrOptions]
  : never

export type CompositeTypes<
  PublicCompositeTypeNameOrOptions extends
    | keyof DefaultSchema["CompositeTypes"]
    | { schema: keyof DatabaseWithoutInternals },
  CompositeTypeName extends PublicCompositeTypeNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"]
    : never = never
> = PublicCompositeTypeNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"][CompositeTypeName]
  : PublicCompositeTypeNameOrOptions extends keyof DefaultSchema["CompositeTypes"]
  ? DefaultSchema["CompositeTypes"][PublicCompositeTypeNameOrOptions]
  : never

export const Constants = {
  "public": {
          Enums: {
            "member_role": ["owner", "admin", "agent"]
          }
        }
} as const
