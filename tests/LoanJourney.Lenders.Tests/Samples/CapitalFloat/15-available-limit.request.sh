curl -X POST \
  {{url}}/paylater/profile_available_limit \
  -H "Content-type: application/json"  \
  -H 'Authorization: YOUR_TOKEN' \
  -d '{
    "app_id": "string"
  }'
